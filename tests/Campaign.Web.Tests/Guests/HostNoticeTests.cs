using Campaign.Domain.Screenings;
using Campaign.Web.Features.Guests;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>Issue 15 item 3: the host hears of answers by a mail each, a daily digest (the default), or not at all; names and party sizes, never addresses.</summary>
public sealed class HostNoticeTests : IDisposable
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private TestDatabase? _store;
    private CampaignFactory _app = new();

    /// <summary>Moves this test to <paramref name="database"/> (an app's server starts only when first used, so nothing ran on the first).</summary>
    private void On(string database)
    {
        _app.Dispose();
        _store = TestDatabase.Create(database);
        _app = new(settings: _store.With());
    }

    public void Dispose()
    {
        _app.Dispose();
        _store?.Dispose();
    }

    private async Task<string> ScreeningAsync(string? notice)
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org", "Ana Host");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(DateTime.UtcNow.Year + 1, 3, 14, 19, 0, 0), capacity: 3);
        if (notice is not null)
        {
            fields["HostNotice"] = notice;
        }

        return await Flows.CreateScreeningAsync(host, fields);
    }

    private int RunDigests() => _app.Services.GetRequiredService<HostDigestJob>().RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Moves the fake clock to the next <paramref name="hour"/>:<paramref name="minute"/> in New York.</summary>
    private void AdvanceToNewYork(int hour, int minute)
    {
        var now = _app.Clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, NewYork);
        var target = new DateTime(local.Year, local.Month, local.Day, hour, minute, 0, DateTimeKind.Unspecified);
        if (target <= local.DateTime)
        {
            target = target.AddDays(1);
        }

        _app.Clock.Advance(TimeZoneInfo.ConvertTimeToUtc(target, NewYork) - now.UtcDateTime);
    }

    private List<MimeMessage> HostMails(string subjectStart) =>
        [.. _app.MailsTo("ana@example.org").Where(m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal))];

    private static void HoldsNoGuestAddress(MimeMessage mail)
    {
        foreach (var body in new[] { mail.TextBody ?? "", mail.HtmlBody ?? "" })
        {
            Assert.DoesNotContain("@example.net", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task By_default_the_host_gets_one_digest_a_day_at_eight_in_the_screenings_zone_only_when_something_happened(string database)
    {
        On(database);
        var slug = await ScreeningAsync(notice: null);
        Assert.Equal(HostNotice.DailyDigest, GuestData.Screening(_app, slug).HostNotice);
        AdvanceToNewYork(6, 0);
        await RsvpFlows.AnswerAsync(_app, slug, "Bea <b>Guest</b>", "bea@example.net", party: 2);
        await RsvpFlows.AnswerAsync(_app, slug, "Carl", "carl@example.net", party: 2);
        await RsvpFlows.AnswerAsync(_app, slug, "Dan", "dan@example.net", attending: false);
        Assert.Empty(HostMails("New RSVP"));

        AdvanceToNewYork(7, 59);
        Assert.Equal(0, RunDigests());
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, RunDigests());
        Assert.Equal(0, RunDigests());

        var digest = Assert.Single(HostMails("Daily summary"));
        Assert.Equal("Daily summary: Community screening", digest.Subject);
        var text = digest.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("New answers (3):", text, StringComparison.Ordinal);
        Assert.Contains("• Bea <b>Guest</b> is coming, party of 2.", text, StringComparison.Ordinal);
        Assert.Contains("• Carl is on the waitlist, party of 2.", text, StringComparison.Ordinal);
        Assert.Contains("• Dan can't come.", text, StringComparison.Ordinal);
        Assert.Contains("Now: 1 going (2 of 3 seats taken), 1 on the waitlist.", text, StringComparison.Ordinal);
        Assert.Contains("Bea &lt;b&gt;Guest&lt;/b&gt;", digest.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Guest", digest.HtmlBody, StringComparison.Ordinal);
        HoldsNoGuestAddress(digest);

        // Later that day: a cancellation waits for tomorrow's digest.
        _app.Clock.Advance(TimeSpan.FromHours(3));
        await RsvpFlows.ManageAsync(_app, _app.LinkInMail("bea@example.net", "/rsvp/"), "cancel");
        Assert.Equal(0, RunDigests());
        AdvanceToNewYork(8, 5);
        // Two runs at once (two instances): one digest.
        var runs = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(RunDigests)));
        Assert.Equal(1, runs.Sum());
        var second = HostMails("Daily summary").Last();
        Assert.Equal(2, HostMails("Daily summary").Count);
        Assert.Contains("Cancelled (1):\n• Bea <b>Guest</b>, party of 2", second.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("New answers", second.TextBody, StringComparison.Ordinal);
        HoldsNoGuestAddress(second);

        // A day with nothing new: no mail.
        AdvanceToNewYork(9, 0);
        Assert.Equal(0, RunDigests());
        Assert.Equal(2, HostMails("Daily summary").Count);
    }

    [Fact]
    public async Task A_host_who_chose_each_answer_gets_a_mail_committed_with_the_answer()
    {
        var slug = await ScreeningAsync("EachRsvp");
        await RsvpFlows.AnswerAsync(_app, slug, "Bea <script>x</script>", "bea@example.net", party: 3);
        Assert.Equal(1, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "host-rsvp")));
        await RsvpFlows.AnswerAsync(_app, slug, "Carl", "carl@example.net");
        await RsvpFlows.AnswerAsync(_app, slug, "Dan", "dan@example.net", attending: false);

        var coming = Assert.Single(HostMails("New RSVP"));
        Assert.Equal("New RSVP: Community screening", coming.Subject);
        Assert.Equal("ana@example.org", coming.To.Mailboxes.Single().Address);
        Assert.Contains("Bea <script>x</script> is coming, party of 3.", coming.TextBody, StringComparison.Ordinal);
        Assert.Contains("Bea &lt;script&gt;x&lt;/script&gt;", coming.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", coming.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://localhost/s/" + slug + "/guests", coming.TextBody, StringComparison.Ordinal);
        HoldsNoGuestAddress(coming);
        Assert.Contains("Carl is on the waitlist, party of 1.", Assert.Single(HostMails("New on the waitlist")).TextBody, StringComparison.Ordinal);
        Assert.Contains("Dan can't come.", Assert.Single(HostMails("Can't come")).TextBody, StringComparison.Ordinal);

        // No digest on top.
        AdvanceToNewYork(8, 30);
        Assert.Equal(0, RunDigests());
    }

    [Fact]
    public async Task A_host_who_chose_none_gets_no_mail_about_answers()
    {
        var slug = await ScreeningAsync("None");
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.net");

        AdvanceToNewYork(8, 30);
        Assert.Equal(0, RunDigests());
        Assert.Equal(0, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "host-rsvp" || m.Kind == "host-digest")));
        Assert.Single(_app.MailsTo("bea@example.net"));
    }

    [Fact]
    public async Task The_editor_offers_the_three_choices_with_the_digest_selected_for_a_new_screening()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var page = await host.GetAsync("/screenings/new");

        Assert.Matches("<option selected=\"selected\" value=\"DailyDigest\">", page.Html);
        Assert.Contains("value=\"EachRsvp\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("value=\"None\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("never their addresses", page.Text, StringComparison.Ordinal);
    }
}
