using System.Net;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

public sealed class RsvpTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_confirmed_guest_gets_the_full_address_support_and_a_working_manage_link()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        var page = await RsvpFlows.AnswerAsync(_app, slug, "Ana <b>Bold</b> & Co", "ana@example.org", 3, true, "Ben", "Cara");

        Assert.Equal($"/s/{slug}/rsvp/check-email", page.Location);
        var mail = Assert.Single(_app.MailsTo("ana@example.org"));
        Assert.Contains("You're confirmed", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Riverside Library", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Describes abuse.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("1-888-373-7888", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Party: 3 people", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Guests: Ben, Cara", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("EDT", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/not-me", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ana &lt;b&gt;Bold&lt;/b&gt; &amp; Co", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Bold", mail.HtmlBody, StringComparison.Ordinal);

        var manage = await new WebSession(_app).GetAsync(_app.LinkInMail("ana@example.org", "/rsvp/"));
        Assert.Equal(HttpStatusCode.OK, manage.Status);
        Assert.Equal("no-referrer", manage.Headers["Referrer-Policy"]);
        Assert.Contains("Confirmed", manage.Text, StringComparison.Ordinal);
        Assert.Contains("3 people", manage.Text, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", manage.Text, StringComparison.Ordinal);
        Assert.Contains("Ana <b>Bold</b> & Co", manage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Bold", manage.Html, StringComparison.Ordinal);
        Assert.Equal(3, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
    }

    [Fact]
    public async Task The_screening_page_shows_the_content_note_then_the_form_and_says_when_it_is_full()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 1);
        var before = await new WebSession(_app).GetAsync("/s/" + slug);
        Assert.Contains("action=\"/s/" + slug + "/rsvp\"", before.Html, StringComparison.Ordinal);
        Assert.True(before.Html.IndexOf("Describes abuse.", StringComparison.Ordinal) < before.Html.IndexOf("<form", StringComparison.Ordinal));
        Assert.Contains("href=\"/privacy\"", before.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("This screening is full", before.Text, StringComparison.Ordinal);

        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var after = await new WebSession(_app).GetAsync("/s/" + slug);
        Assert.Contains("This screening is full", after.Text, StringComparison.Ordinal);
        Assert.Contains("Join the waitlist", after.Text, StringComparison.Ordinal);

        var late = await RsvpFlows.AnswerAsync(_app, slug, "Ben", "ben@example.org");
        Assert.Equal($"/s/{slug}/rsvp/check-email", late.Location);
        var mail = Assert.Single(_app.MailsTo("ben@example.org"));
        Assert.Contains("waitlist", mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/rsvp/", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.Single(r => r.EmailKey == "ben@example.org").Status));
    }

    [Fact]
    public async Task An_address_that_already_answered_gets_the_same_page_its_own_link_and_nothing_is_overwritten()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Ben");
        var first = _app.WithDb(db => db.Rsvps.AsNoTracking().Single());
        Assert.Single(_app.MailsTo("ana@example.org"));

        var again = await RsvpFlows.AnswerAsync(_app, slug, "Mallory", " ANA@Example.org ", 1, false);

        Assert.Equal($"/s/{slug}/rsvp/check-email", again.Location);
        var stored = _app.WithDb(db => db.Rsvps.AsNoTracking().Single());
        Assert.Equal(first.Id, stored.Id);
        Assert.Equal("Ana", stored.Name);
        Assert.Equal(2, stored.PartySize);
        Assert.Equal(RsvpStatus.Confirmed, stored.Status);
        Assert.Equal(first.Version, stored.Version);
        Assert.Equal(2, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        var mails = _app.MailsTo("ana@example.org");
        Assert.Equal(2, mails.Count);
        var notice = mails[^1];
        Assert.Contains("You already answered", notice.Subject, StringComparison.Ordinal);
        Assert.Contains("nothing was changed", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("/rsvp/" + first.ManageToken, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", notice.TextBody, StringComparison.Ordinal);

        // A third try right away does not flood the inbox.
        await RsvpFlows.AnswerAsync(_app, slug, "Mallory", "ana@example.org");
        Assert.Equal(2, _app.MailsTo("ana@example.org").Count);
    }

    [Fact]
    public async Task This_was_not_me_cancels_frees_the_seats_and_stops_all_mail_about_the_screening()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 1);
        await RsvpFlows.AnswerAsync(_app, slug, "Someone", "victim@example.org");
        await RsvpFlows.AnswerAsync(_app, slug, "Wanda", "wanda@example.org");
        var link = _app.LinkInMail("victim@example.org", "/rsvp/");
        var notMe = _app.LinkInMail("victim@example.org", "/rsvp/").TrimEnd('/') + "/not-me";
        Assert.Equal(notMe, link + "/not-me");

        var session = new WebSession(_app);
        var confirm = await session.GetAsync(notMe);
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single(r => r.EmailKey == "victim@example.org").Status));

        var done = await session.PostAsync(notMe, [], confirm.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Contains("no more mail", done.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Cancelled, _app.WithDb(db => db.Rsvps.Single(r => r.EmailKey == "victim@example.org").Status));
        Assert.Equal(1, _app.WithDb(db => db.ScreeningMailBlocks.Count()));
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single(r => r.EmailKey == "wanda@example.org").Status));
        Assert.Contains(_app.MailsTo("wanda@example.org"), m => (m.Subject ?? "").Contains("You're in", StringComparison.Ordinal));
        Assert.Single(_app.MailsTo("victim@example.org"));

        var retry = await RsvpFlows.AnswerAsync(_app, slug, "Someone", "victim@example.org");
        Assert.Equal($"/s/{slug}/rsvp/check-email", retry.Location);
        Assert.Single(_app.MailsTo("victim@example.org"));
        Assert.Equal(2, _app.WithDb(db => db.Rsvps.Count()));
    }

    [Fact]
    public async Task A_party_grows_within_capacity_is_refused_beyond_it_and_shrinking_frees_seats()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 3);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        await RsvpFlows.AnswerAsync(_app, slug, "Ben", "ben@example.org");
        var ana = _app.LinkInMail("ana@example.org", "/rsvp/");
        var ben = _app.LinkInMail("ben@example.org", "/rsvp/");

        var grown = await RsvpFlows.ManageAsync(_app, ana, "party", ("PartySize", "2"), ("GuestNames[0]", "Cara"));
        Assert.Equal(ana, grown.Location);
        Assert.Equal(3, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Contains("Your party is now 2", _app.MailsTo("ana@example.org")[^1].TextBody, StringComparison.Ordinal);

        var refused = await RsvpFlows.ManageAsync(_app, ben, "party", ("PartySize", "2"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("no free seats left", refused.Text, StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.Rsvps.Single(r => r.EmailKey == "ben@example.org").PartySize));
        Assert.Equal(3, _app.WithDb(db => db.Screenings.Single().SeatsTaken));

        var tooMany = await RsvpFlows.ManageAsync(_app, ben, "party", ("PartySize", "4"));
        Assert.Equal(HttpStatusCode.Conflict, tooMany.Status);
        Assert.Contains("Choose between 1 and 3 people", tooMany.Text, StringComparison.Ordinal);

        var shrunk = await RsvpFlows.ManageAsync(_app, ana, "party", ("PartySize", "1"));
        Assert.Equal(ana, shrunk.Location);
        Assert.Equal(2, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        var page = await new WebSession(_app).GetAsync(ana);
        Assert.Contains("1 person", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_frees_seats_and_promotes_the_waitlist_in_order_skipping_a_party_that_does_not_fit()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 4);
        async Task Answer(string name, int party)
        {
            _app.Clock.Advance(TimeSpan.FromSeconds(1));
            await RsvpFlows.AnswerAsync(_app, slug, name, $"{name.ToLowerInvariant()}@example.org", party);
        }

        await Answer("Ana", 2);
        await Answer("Ben", 2);
        await Answer("Wide", 3);
        await Answer("Solo", 1);
        await Answer("Pair", 2);
        RsvpStatus Status(string name) => _app.WithDb(db => db.Rsvps.Single(r => r.Name == name).Status);
        Assert.Equal(RsvpStatus.Waitlisted, Status("Wide"));

        var cancel = await RsvpFlows.ManageAsync(_app, _app.LinkInMail("ana@example.org", "/rsvp/"), "cancel");
        Assert.True(cancel.Status.IsRedirect());

        Assert.Equal(RsvpStatus.Cancelled, Status("Ana"));
        Assert.Equal(RsvpStatus.Waitlisted, Status("Wide"));
        Assert.Equal(RsvpStatus.Confirmed, Status("Solo"));
        Assert.Equal(RsvpStatus.Waitlisted, Status("Pair"));
        Assert.Equal(3, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Contains(_app.MailsTo("solo@example.org"), m => (m.Subject ?? "").Contains("You're in", StringComparison.Ordinal) && (m.TextBody ?? "").Contains("12 Secret Street", StringComparison.Ordinal));

        await RsvpFlows.ManageAsync(_app, _app.LinkInMail("ben@example.org", "/rsvp/"), "cancel");

        Assert.Equal(RsvpStatus.Confirmed, Status("Wide"));
        Assert.Equal(RsvpStatus.Waitlisted, Status("Pair"));
        Assert.Equal(4, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Equal(4, _app.WithDb(db => db.Rsvps.Where(r => r.Status == RsvpStatus.Confirmed).Sum(r => r.PartySize)));
    }

    [Fact]
    public async Task Coming_back_after_cancelling_takes_seats_when_they_fit_else_the_waitlist()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 2);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 1, false);
        var ana = _app.LinkInMail("ana@example.org", "/rsvp/");
        Assert.Contains("can't make it", _app.MailsTo("ana@example.org")[^1].Subject, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Single().SeatsTaken));

        var back = await RsvpFlows.ManageAsync(_app, ana, "reconfirm", ("PartySize", "2"), ("GuestNames[0]", "Ben"));
        Assert.Equal(ana, back.Location);
        Assert.Equal(2, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Contains("12 Secret Street", _app.MailsTo("ana@example.org")[^1].TextBody, StringComparison.Ordinal);

        await RsvpFlows.ManageAsync(_app, ana, "cancel");
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        await RsvpFlows.AnswerAsync(_app, slug, "Cara", "cara@example.org", 2);
        await RsvpFlows.ManageAsync(_app, ana, "reconfirm", ("PartySize", "1"));
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.Single(r => r.Name == "Ana").Status));
    }

    [Fact]
    public async Task Answers_after_the_deadline_or_for_a_cancelled_screening_are_refused_and_nothing_is_stored()
    {
        var now = _app.Clock.GetUtcNow();
        var slug = await RsvpFlows.ScreeningAsync(_app, change: f =>
        {
            f["StartLocal"] = RsvpFlows.NewYorkLocal(now.AddDays(3));
            f["EndLocal"] = RsvpFlows.NewYorkLocal(now.AddDays(3).AddHours(2));
            f["RsvpDeadlineLocal"] = RsvpFlows.NewYorkLocal(now.AddDays(1));
        });
        var session = new WebSession(_app);
        var form = await session.GetAsync("/s/" + slug);
        _app.Clock.Advance(TimeSpan.FromDays(2));

        var late = await session.PostAsync($"/s/{slug}/rsvp", RsvpFlows.Fields("Ana", "ana@example.org"), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Contains("the deadline has passed", late.Text, StringComparison.Ordinal);
        Assert.Contains("the deadline has passed", (await session.GetAsync("/s/" + slug)).Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Rsvps.Count()));

        var host = await Flows.LoginAsync(_app, "host@example.org");
        var other = await Flows.CreateScreeningAsync(host);
        var cancelForm = await host.GetAsync($"/s/{other}/cancel");
        await host.PostAsync($"/s/{other}/cancel", [new("Reason", "Flooded.")], cancelForm.AntiforgeryToken);
        var cancelled = await session.PostAsync($"/s/{other}/rsvp", RsvpFlows.Fields("Ana", "ana@example.org"), form.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Conflict, cancelled.Status);
        Assert.Contains("was cancelled", cancelled.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Rsvps.Count()));
        Assert.Empty(_app.MailsTo("ana@example.org"));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA%2F")]
    public async Task An_unknown_or_tampered_manage_link_is_a_clear_404_and_changes_nothing(string token)
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var real = _app.LinkInMail("ana@example.org", "/rsvp/");
        var tampered = real[..^1] + (real[^1] == 'A' ? 'B' : 'A');

        foreach (var path in new[] { "/rsvp/" + token, tampered })
        {
            var page = await new WebSession(_app).GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains("This RSVP link is not valid", page.Text, StringComparison.Ordinal);
        }

        var session = new WebSession(_app);
        var token2 = (await session.GetAsync(real)).AntiforgeryToken;
        Assert.Equal(HttpStatusCode.NotFound, (await session.PostAsync(tampered + "/cancel", [], token2)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await session.PostAsync(tampered + "/not-me", [], token2)).Status);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single().Status));
        Assert.Equal(0, _app.WithDb(db => db.ScreeningMailBlocks.Count()));
    }

    [Fact]
    public async Task Line_breaks_and_markup_in_names_never_reach_mail_headers_or_html()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        var page = await RsvpFlows.AnswerAsync(_app, slug, "Eve\r\nBcc: evil@example.org\u0007 <script>x</script>", "eve@example.org", 2, true, "Gus\nX-Injected: 1");
        Assert.Equal($"/s/{slug}/rsvp/check-email", page.Location);

        var stored = _app.WithDb(db => db.Rsvps.AsNoTracking().Single());
        Assert.Equal("Eve Bcc: evil@example.org <script>x</script>", stored.Name);
        Assert.Equal("Gus X-Injected: 1", stored.GuestNames);
        var mail = Assert.Single(_app.MailsTo("eve@example.org"));
        Assert.Empty(mail.Bcc);
        Assert.Single(mail.To);
        Assert.Null(mail.Headers["X-Injected"]);
        foreach (var header in mail.Headers)
        {
            Assert.DoesNotContain('\n', header.Value);
        }

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);

        var injected = await RsvpFlows.AnswerAsync(_app, slug, "Mal", "mal@example.org\r\nBcc: evil@example.org");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, injected.Status);
        Assert.Contains("Give a valid e-mail address", injected.Text, StringComparison.Ordinal);
        Assert.Single(_app.WithDb(db => db.Rsvps.ToList()));
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "Name", "", "Give your name." },
        { "Name", "   \r\n ", "Give your name." },
        { "Name", new string('x', 101), "at most 100 characters" },
        { "Email", "", "Give your e-mail address." },
        { "Email", "not-an-address", "Give a valid e-mail address" },
        { "Email", new string('a', 250) + "@example.org", "at most 254 characters" },
        { "PartySize", "4", "Choose between 1 and 3 people" },
        { "PartySize", "0", "Choose how many people are coming." },
        { "PartySize", "lots", "is not valid" },
        { "Consent", "false", "Please agree to the privacy notice" },
        { "GuestNames[0]", new string('g', 101), "at most 100 characters" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_gets_a_message_beside_the_field_and_stores_nothing(string field, string value, string message)
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        var fields = RsvpFlows.Fields("Ana", "ana@example.org", 2, true, true, "Ben").ToDictionary(f => f.Key, f => f.Value);
        fields[field] = value;

        var page = await new WebSession(_app).SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Contains($"id=\"{field.Replace('.', '_').Replace('[', '_').Replace(']', '_')}-error\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Rsvps.Count()));
        Assert.Equal(0, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind.StartsWith("rsvp"))));
    }

    [Fact]
    public async Task An_invitation_link_fills_in_the_address_and_the_answer_marks_the_invitation()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        var token = Campaign.Infrastructure.SecretTokens.New();
        _app.WithDb(db =>
        {
            var screening = db.Screenings.Single();
            db.Invitations.Add(Invitation.Create(screening.Id, "invitee@example.org", token, null, screening.HostId, DateTime.UtcNow));
            return db.SaveChanges();
        });

        var session = new WebSession(_app);
        var form = await session.GetAsync($"/s/{slug}?invite={token}");
        Assert.Contains("value=\"invitee@example.org\"", form.Html, StringComparison.Ordinal);
        Assert.Contains($"name=\"InviteToken\" value=\"{token}\"", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("InviteToken", (await session.GetAsync($"/s/{slug}?invite=AAAAAAAAAAAAAAAAAAAAAAAA")).Html, StringComparison.Ordinal);

        var fields = RsvpFlows.Fields("Ivy", "invitee@example.org");
        fields.Add(new("InviteToken", token));
        var page = await session.PostAsync($"/s/{slug}/rsvp", fields, form.AntiforgeryToken);

        // The invitation's own address: straight to where the guest stands (issue 14), their own manage page.
        Assert.Equal("/rsvp/" + _app.WithDb(db => db.Rsvps.AsNoTracking().Single().ManageToken), page.Location);
        var invitation = _app.WithDb(db => db.Invitations.AsNoTracking().Single());
        Assert.Equal(InvitationState.Accepted, invitation.State);
        Assert.Equal(invitation.Id, _app.WithDb(db => db.Rsvps.AsNoTracking().Single().InvitationId));

        var unknown = RsvpFlows.Fields("Zed", "zed@example.org");
        unknown.Add(new("InviteToken", "nonsense"));
        Assert.Equal($"/s/{slug}/rsvp/check-email", (await session.PostAsync($"/s/{slug}/rsvp", unknown, form.AntiforgeryToken)).Location);
        Assert.Null(_app.WithDb(db => db.Rsvps.AsNoTracking().Single(r => r.Name == "Zed").InvitationId));
    }
}
