using System.Globalization;
using System.Net;
using System.Text.Json;
using Campaign.Domain.Invitations;
using Campaign.Infrastructure.Mail;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;

namespace Campaign.Web.Tests;

public sealed class InvitationTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, string Slug)> HostAsync(string email = "ana@example.org", string name = "Ana Host")
    {
        var host = await Flows.RegisterAsync(_app, email, name);
        var slug = await Flows.CreateScreeningAsync(host);
        return (host, slug);
    }

    /// <summary>Sends the list and follows the redirect (post/redirect/get) to the page that says what happened.</summary>
    private static async Task<WebSession.Page> InviteAsync(WebSession host, string slug, string addresses, string message = "") =>
        await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", addresses), ("Message", message)));

    private int Invitations() => _app.WithDb(db => db.Invitations.Count());

    private string TokenOf(string email)
    {
        var key = Campaign.Domain.EmailKey.Of(email);
        return _app.WithDb(db => db.Invitations.Single(i => i.EmailKey == key).Token);
    }

    private static IEnumerable<string> Addresses(int count, string prefix = "guest") =>
        Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}@example.net"));

    private HttpClient MailClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = CampaignFactory.BaseAddress });

    [Fact]
    public async Task Only_the_host_opens_the_invite_page_and_the_screening_page_links_to_it()
    {
        var (host, slug) = await HostAsync();
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob");

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"/s/{slug}/invite")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/invite")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/invitations/status")).Status);
        Assert.Contains("/account/login", (await new WebSession(_app).GetAsync($"/s/{slug}/invite")).Location, StringComparison.Ordinal);

        Assert.Contains($"href=\"/s/{slug}/invite\"", (await host.GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/invite", (await other.GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
        var refused = await other.PostAsync($"/s/{slug}/invite", [new("Addresses", "x@example.net")], (await other.GetAsync("/my/screenings")).AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.Equal(0, Invitations());
    }

    [Fact]
    public async Task A_host_whose_address_is_not_confirmed_cannot_invite()
    {
        var (host, slug) = await HostAsync();
        _app.WithDb(db =>
        {
            db.Users.Single(u => u.Email == "ana@example.org").EmailConfirmed = false;
            return db.SaveChanges();
        });

        Assert.Contains("Confirm your e-mail address first", (await host.GetAsync($"/s/{slug}/invite")).Text, StringComparison.Ordinal);
        var page = await host.PostAsync($"/s/{slug}/invite", [new("Addresses", "x@example.net")], (await host.GetAsync("/my/screenings")).AntiforgeryToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Equal(0, Invitations());
    }

    [Fact]
    public async Task A_suspended_host_cannot_invite_even_before_their_session_ends()
    {
        var (host, slug) = await HostAsync();
        _app.WithDb(db =>
        {
            db.Users.Single(u => u.Email == "ana@example.org").Suspend("Spam invitations.", DateTime.UtcNow);
            return db.SaveChanges();
        });

        Assert.Contains("This account is suspended", (await host.GetAsync($"/s/{slug}/invite")).Text, StringComparison.Ordinal);
        var page = await host.PostAsync($"/s/{slug}/invite", [new("Addresses", "x@example.net")], (await host.GetAsync("/my/screenings")).AntiforgeryToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Equal(0, Invitations());
    }

    [Fact]
    public async Task A_pasted_list_is_read_with_names_duplicates_merged_and_bad_entries_listed_back_with_the_reason()
    {
        var (host, slug) = await HostAsync();

        var page = await InviteAsync(host, slug,
            "ana.b@example.org, \"Doe, Jane\" <Jane@Example.org>; bob@example\nnot-an-address\r\nJANE@example.org\nx@example.net\ty@example.net\n\n Carl Diaz <carl@example.com>");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Invited: 5.", page.Text, StringComparison.Ordinal);
        Assert.Contains("1 repeated address was merged.", page.Text, StringComparison.Ordinal);
        Assert.Matches(@"bob@example\s+— the part after @ is not a complete domain", page.Text);
        Assert.Matches(@"not-an-address\s+— no @ in it", page.Text);
        // What could not be read goes back into the box to be corrected.
        Assert.Matches("<textarea[^>]*name=\"Addresses\"[^>]*>\\s*bob@example\nnot-an-address</textarea>", WebUtility.HtmlDecode(page.Html));
        var stored = _app.WithDb(db => db.Invitations.OrderBy(i => i.EmailKey).Select(i => i.Email).ToList());
        Assert.Equal(["ana.b@example.org", "carl@example.com", "Jane@Example.org", "x@example.net", "y@example.net"], stored);
        Assert.Equal(5, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "invitation" && m.InvitationId != null)));
    }

    [Fact]
    public async Task More_than_200_addresses_at_once_are_refused_and_nothing_is_stored()
    {
        var (host, slug) = await HostAsync();

        var page = await InviteAsync(host, slug, string.Join("\n", Addresses(201)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("This list has 201 addresses; invite at most 200 at a time.", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, Invitations());
    }

    [Fact]
    public async Task Addresses_already_invited_to_the_screening_are_skipped_and_listed_back()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "one@example.net, two@example.net");

        var page = await InviteAsync(host, slug, "TWO@example.net\nthree@example.net");

        Assert.Contains("Invited: 1.", page.Text, StringComparison.Ordinal);
        Assert.Contains("Already invited to this screening, skipped: TWO@example.net", page.Text, StringComparison.Ordinal);
        Assert.Equal(3, Invitations());
        Assert.Single(_app.MailsTo("two@example.net"));
    }

    [Fact]
    public async Task An_untrusted_host_may_invite_50_a_day_and_a_list_over_the_limit_stores_nothing()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, string.Join(", ", Addresses(30, "a")));
        Assert.Equal(30, Invitations());

        var over = await InviteAsync(host, slug, string.Join(", ", Addresses(21, "b")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, over.Status);
        Assert.Contains("This list has 21 new addresses, but you can send only 20 more invitations today (the limit is 50 in 24 hours). Nothing was sent", over.Text, StringComparison.Ordinal);
        Assert.Equal(30, Invitations());
        Assert.Equal(30, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "invitation")));

        await InviteAsync(host, slug, string.Join(", ", Addresses(20, "b")));
        Assert.Equal(50, Invitations());
        var full = await InviteAsync(host, slug, "late@example.net");
        Assert.Contains("You have reached the limit of 50 invitations in 24 hours.", full.Text, StringComparison.Ordinal);

        _app.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        Assert.Contains("Invited: 1.", (await InviteAsync(host, slug, "late@example.net")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mail_quotes_the_message_as_encoded_text_and_carries_personal_report_and_one_click_unsubscribe_links()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "Guest <guest@example.net>",
            "Come along! <b>bold</b> & see https://evil.example/phish\r\nBcc: victim@example.org\r\nSubject: hijacked");
        var token = TokenOf("guest@example.net");

        var mail = Assert.Single(_app.MailsTo("guest@example.net"));

        Assert.Equal("Ana Host invites you to see “I Am Jane Doe”", mail.Subject);
        Assert.Contains("Ana Host wrote:", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("> Come along! <b>bold</b> & see https://evil.example/phish\n> Bcc: victim@example.org", (mail.TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Come along! &lt;b&gt;bold&lt;/b&gt; &amp; see https://evil.example/phish", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"https://evil.example", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", mail.HtmlBody, StringComparison.Ordinal);

        // The message never reaches a header.
        Assert.Empty(mail.Bcc);
        Assert.DoesNotContain(mail.Headers, h => h.Value.Contains("victim", StringComparison.Ordinal) || h.Value.Contains("hijacked", StringComparison.Ordinal));

        // Public details only: the city, never the street.
        Assert.Contains("Albany", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", mail.HtmlBody, StringComparison.Ordinal);

        Assert.Contains($"https://localhost/i/{token}\n", (mail.TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"href=\"https://localhost/i/{token}/report\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"https://localhost/unsubscribe/{token}\"", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal($"<https://localhost/unsubscribe/{token}>", mail.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
    }

    [Fact]
    public async Task The_personal_link_opens_the_screening_with_the_invitation_and_tampered_links_are_404()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        var token = TokenOf("guest@example.net");
        var link = $"/i/{token}";
        Assert.Contains($"https://localhost{link}\n", (Assert.Single(_app.MailsTo("guest@example.net")).TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var visitor = new WebSession(_app);
        var open = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, open.Status);
        Assert.Equal($"/s/{slug}?invite={token}", open.Location);
        Assert.Equal(HttpStatusCode.OK, (await visitor.FollowAsync(open)).Status);

        var flipped = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        var lower = string.Equals(token.ToLowerInvariant(), token, StringComparison.Ordinal) ? token.ToUpperInvariant() : token.ToLowerInvariant();
        foreach (var bad in new[] { $"/i/{flipped}", $"/i/{lower}", "/i/nonsense", $"/i/{flipped}/report", $"/unsubscribe/{flipped}", "/unsubscribe/%3Cscript%3E" })
        {
            var page = await visitor.GetAsync(bad);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Contains("This link is not valid", page.Text, StringComparison.Ordinal);
        }

        using var client = MailClient();
        using var body = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/unsubscribe/{flipped}", body)).StatusCode);
        Assert.Equal(0, _app.WithDb(db => db.MailSuppressions.Count()));
    }

    [Fact]
    public async Task One_click_unsubscribe_works_without_cookie_or_token_and_no_host_can_invite_the_address_again()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "Guest@Example.net");
        var token = TokenOf("guest@example.net");
        Assert.Single(_app.MailsTo("guest@example.net"));

        // What a mail client does with List-Unsubscribe-Post (RFC 8058): a bare POST, no cookies, no antiforgery token.
        using var client = MailClient();
        using var body = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        var response = await client.PostAsync($"/unsubscribe/{token}", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var again = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/unsubscribe/{token}", again)).StatusCode);
        Assert.Equal("guest@example.net", _app.WithDb(db => db.MailSuppressions.Single().EmailKey));

        var (bob, bobSlug) = await HostAsync("bob@example.org", "Bob Host");
        var page = await InviteAsync(bob, bobSlug, "guest@example.net, friend@example.net");
        Assert.Contains("Invited: 1.", page.Text, StringComparison.Ordinal);
        Assert.Contains("1 address can't be invited: its owner asked not to get invitations. It was not mailed.", page.Text, StringComparison.Ordinal);
        Assert.Equal(2, Invitations());
        Assert.Single(_app.MailsTo("guest@example.net"));
    }

    [Fact]
    public async Task Opening_the_unsubscribe_page_changes_nothing_and_its_button_needs_the_form_token()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        var token = TokenOf("guest@example.net");
        var guest = new WebSession(_app);

        var page = await guest.GetAsync($"/unsubscribe/{token}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Stop all invitations to guest@example.net?", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.MailSuppressions.Count()));

        // A cross-site form post without the one-click field and without the page's token is refused.
        Assert.Equal(HttpStatusCode.BadRequest, (await guest.PostAsync($"/unsubscribe/{token}", [], token: null)).Status);
        Assert.Equal(0, _app.WithDb(db => db.MailSuppressions.Count()));

        var done = await guest.SubmitAsync($"/unsubscribe/{token}", $"/unsubscribe/{token}");
        Assert.Contains("guest@example.net will get no more invitations from this site", done.Text, StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.MailSuppressions.Count()));
        Assert.Contains("already unsubscribed", (await guest.GetAsync($"/unsubscribe/{token}")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsubscribing_before_the_mail_left_stops_it()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        var token = TokenOf("guest@example.net");

        using var client = MailClient();
        using var body = new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);
        await client.PostAsync($"/unsubscribe/{token}", body);

        Assert.Empty(_app.MailsTo("guest@example.net"));
        Assert.Equal(InvitationState.Failed, _app.WithDb(db => db.Invitations.Single().State));
    }

    [Fact]
    public async Task A_report_of_abuse_reaches_the_staff_queue_until_resolved_and_offers_to_unsubscribe()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        var report = _app.LinkInMail("guest@example.net", $"/i/{TokenOf("guest@example.net")}/report");
        var guest = new WebSession(_app);

        var form = await guest.GetAsync(report);
        Assert.Contains("Report to the campaign's staff", form.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.AbuseReports.Count()));
        var thanks = await guest.SubmitAsync(report, report);
        Assert.Contains("Thank you for telling us", thanks.Text, StringComparison.Ordinal);
        Assert.Contains("Unsubscribe from all invitations", thanks.Text, StringComparison.Ordinal);
        await guest.PostAsync(report, [], form.AntiforgeryToken);
        Assert.Equal(1, _app.WithDb(db => db.AbuseReports.Count()));

        var staff = await Flows.StaffAsync(_app);
        var queue = await staff.GetAsync("/staff");
        Assert.Contains("Abuse reports (1)", queue.Text, StringComparison.Ordinal);
        Assert.Contains("Ana Host <ana@example.org>", queue.Text, StringComparison.Ordinal);
        Assert.Contains("Community screening", queue.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("guest@example.net", queue.Text, StringComparison.Ordinal);

        var id = _app.WithDb(db => db.AbuseReports.Single().Id);
        var resolved = await staff.SubmitAsync("/staff", $"/staff/abuse-reports/{id}/resolve");
        Assert.Equal("/staff", resolved.Location);
        Assert.Contains("Abuse reports (0)", (await staff.GetAsync("/staff")).Text, StringComparison.Ordinal);
        Assert.NotNull(_app.WithDb(db => db.AbuseReports.Single().ResolvedAtUtc));
    }

    [Fact]
    public async Task The_host_sees_each_invitation_go_from_queued_to_sent_with_counts()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "one@example.net, two@example.net");

        var before = await host.GetAsync($"/s/{slug}/invite");
        Assert.Contains("0 of 2 sent", before.Text, StringComparison.Ordinal);
        Assert.Contains("data-queued=\"2\"", before.Html, StringComparison.Ordinal);
        Assert.Contains("/js/invitations.js", before.Html, StringComparison.Ordinal);

        _app.DeliverMail();

        var after = await host.GetAsync($"/s/{slug}/invite");
        Assert.Contains("2 of 2 sent", after.Text, StringComparison.Ordinal);
        Assert.Contains("data-queued=\"0\"", after.Html, StringComparison.Ordinal);
        var status = await host.GetAsync($"/s/{slug}/invitations/status");
        using var json = JsonDocument.Parse(status.Html);
        Assert.Equal(0, json.RootElement.GetProperty("queued").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("sent").GetInt32());
        Assert.Equal("2 of 2 sent", json.RootElement.GetProperty("summary").GetString());
        Assert.All(json.RootElement.GetProperty("invitations").EnumerateArray(), i => Assert.Equal("sent", i.GetProperty("stateText").GetString()));
        Assert.All(_app.WithDb(db => db.Invitations.ToList()), i => Assert.NotNull(i.SentAtUtc));
    }

    [Fact]
    public async Task An_invitation_can_be_sent_again_once_after_48_hours()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        _app.DeliverMail();
        var id = _app.WithDb(db => db.Invitations.Single().Id);
        var resend = $"/s/{slug}/invitations/{id}/resend";

        Assert.DoesNotContain(resend, (await host.GetAsync($"/s/{slug}/invite")).Html, StringComparison.Ordinal);
        var early = await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", resend));
        Assert.Contains("An invitation can be sent again 48 hours after the first one.", early.Text, StringComparison.Ordinal);

        _app.Clock.Advance(TimeSpan.FromHours(48));
        Assert.Contains(resend, (await host.GetAsync($"/s/{slug}/invite")).Html, StringComparison.Ordinal);
        var done = await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", resend));
        Assert.Contains("The invitation is sent again.", done.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(resend, done.Html, StringComparison.Ordinal);

        var mails = _app.MailsTo("guest@example.net");
        Assert.Equal(2, mails.Count);
        Assert.Equal("Reminder: Ana Host invites you to see “I Am Jane Doe”", mails[^1].Subject);
        Assert.NotNull(mails[^1].Headers[HeaderId.ListUnsubscribe]);

        var twice = await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", resend));
        Assert.Contains("already sent again once", twice.Text, StringComparison.Ordinal);
        Assert.Equal(2, _app.MailsTo("guest@example.net").Count);
    }

    [Fact]
    public async Task A_reported_invitation_cannot_be_sent_again()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "guest@example.net");
        var token = TokenOf("guest@example.net");
        await new WebSession(_app).SubmitAsync($"/i/{token}/report", $"/i/{token}/report");
        _app.Clock.Advance(TimeSpan.FromHours(49));
        var id = _app.WithDb(db => db.Invitations.Single().Id);

        Assert.DoesNotContain($"/invitations/{id}/resend", (await host.GetAsync($"/s/{slug}/invite")).Html, StringComparison.Ordinal);
        var refused = await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invitations/{id}/resend"));
        Assert.Contains("does not accept invitations any more", refused.Text, StringComparison.Ordinal);
        Assert.Single(_app.MailsTo("guest@example.net"));
    }
}
