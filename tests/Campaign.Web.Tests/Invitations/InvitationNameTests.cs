using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain.Invitations;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>Issue 15 item 6: invitations keep names, post/redirect/get, the calendar part, "Going" / "Can't go", and later changes.</summary>
public sealed class InvitationNameTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static int NextYear => DateTime.UtcNow.Year + 1;

    private async Task<(WebSession Host, string Slug)> HostAsync()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org", "Ana Host");
        return (host, await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0))));
    }

    private static async Task<WebSession.Page> InviteAsync(WebSession host, string slug, string addresses) =>
        await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", addresses), ("Message", "")));

    private Invitation InvitationOf(string email)
    {
        var key = Campaign.Domain.EmailKey.Of(email);
        return _app.WithDb(db => db.Invitations.Single(i => i.EmailKey == key));
    }

    private static string CalendarPart(MimeMessage mail, string method)
    {
        var parts = mail.BodyParts.OfType<MimePart>().ToList();
        var alternative = Assert.Single(parts, p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal(method, alternative.ContentType.Parameters["method"]);
        Assert.Single(parts, p => p.ContentType.MimeType == "application/ics" && p.FileName == "invite.ics");
        return ((TextPart)alternative).Text;
    }

    private (int Rsvps, int Outbox, InvitationState State, DateTime? Sent) Rows(string email)
    {
        var invitation = InvitationOf(email);
        return (_app.WithDb(db => db.Rsvps.Count()), _app.WithDb(db => db.OutboxMessages.Count()), invitation.State, invitation.SentAtUtc);
    }

    [Fact]
    public async Task Names_typed_with_the_addresses_greet_each_invitee_and_fill_the_rsvp_form()
    {
        var (host, slug) = await HostAsync();

        await InviteAsync(host, slug, "Maya Friend <maya@example.org>\n\"Friend, Sam\" <sam@example.org>; Lee <lee@example.org>, bare@example.org");

        var maya = Assert.Single(_app.MailsTo("maya@example.org"));
        Assert.Equal("Maya Friend", maya.To.Mailboxes.Single().Name);
        Assert.StartsWith("Hello Maya Friend,", maya.TextBody, StringComparison.Ordinal);
        Assert.Contains("Hello Maya Friend,", maya.HtmlBody, StringComparison.Ordinal);
        // An address book's "last, first" reads as a greeting would say it.
        Assert.StartsWith("Hello Sam Friend,", Assert.Single(_app.MailsTo("sam@example.org")).TextBody, StringComparison.Ordinal);
        Assert.StartsWith("Hello Lee,", Assert.Single(_app.MailsTo("lee@example.org")).TextBody, StringComparison.Ordinal);
        var bare = Assert.Single(_app.MailsTo("bare@example.org"));
        Assert.StartsWith("Hello,", bare.TextBody, StringComparison.Ordinal);
        Assert.True(string.IsNullOrEmpty(bare.To.Mailboxes.Single().Name));
        Assert.Equal("Maya Friend", InvitationOf("maya@example.org").Name);

        var visitor = new WebSession(_app);
        var form = await visitor.FollowAsync(await visitor.GetAsync($"/i/{InvitationOf("maya@example.org").Token}"));
        Assert.Matches("<input[^>]*name=\"Name\"[^>]*value=\"Maya Friend\"", form.Html);
        Assert.Matches("<input[^>]*name=\"Email\"[^>]*value=\"maya@example.org\"", form.Html);
    }

    [Fact]
    public async Task Names_with_markup_or_encoded_line_breaks_are_cleaned_in_headers_and_html()
    {
        var (host, slug) = await HostAsync();

        // An encoded word can smuggle CR LF into a display name; a quoted one can hold markup.
        await InviteAsync(host, slug, "=?utf-8?q?Eve=0D=0ABcc=3A_victim?= <eve@example.org>\n\"<script>alert(1)</script> Kim\" <kim@example.org>");

        var eve = Assert.Single(_app.MailsTo("eve@example.org"));
        Assert.Empty(eve.Bcc);
        Assert.DoesNotContain(eve.Headers, h => h.Id == HeaderId.Bcc);
        Assert.DoesNotContain("\n", eve.To.Mailboxes.Single().Name, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", InvitationOf("eve@example.org").Name ?? "", StringComparison.Ordinal);
        Assert.Equal("Eve Bcc: victim", eve.To.Mailboxes.Single().Name);
        Assert.StartsWith("Hello Eve Bcc: victim,", eve.TextBody, StringComparison.Ordinal);

        var kim = Assert.Single(_app.MailsTo("kim@example.org"));
        Assert.DoesNotContain("<script>", kim.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Hello &lt;script&gt;alert(1)&lt;/script&gt; Kim,", kim.HtmlBody, StringComparison.Ordinal);

        var page = await host.GetAsync($"/s/{slug}/invite");
        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        var visitor = new WebSession(_app);
        var form = await visitor.FollowAsync(await visitor.GetAsync($"/i/{InvitationOf("kim@example.org").Token}"));
        Assert.DoesNotContain("<script>alert", form.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_redirects_to_a_summary_and_reloading_it_sends_nothing_again()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "old@example.org");
        var page = await host.GetAsync($"/s/{slug}/invite");

        var posted = await host.PostAsync($"/s/{slug}/invite",
            [new("Addresses", "Maya Friend <maya@example.org>, OLD@example.org\nnot-an-address\nbob@example"), new("Message", "See you!")], page.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.SeeOther, posted.Status);
        Assert.Equal($"/s/{slug}/invite#invite-outcome", posted.Location);
        var outbox = _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "invitation"));
        var summary = await host.FollowAsync(posted);
        Assert.Equal(HttpStatusCode.OK, summary.Status);
        Assert.Contains("Invited: 1.", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Sent to: Maya Friend <maya@example.org>", summary.Text, StringComparison.Ordinal);
        Assert.Contains("Already invited to this screening, skipped: OLD@example.org", summary.Text, StringComparison.Ordinal);
        Assert.Matches(@"not-an-address\s+— no @ in it", summary.Text);
        Assert.Matches(@"bob@example\s+— the part after @ is not a complete domain", summary.Text);
        // What could not be read is back in the box, with the message, to correct and send again.
        Assert.Matches("<textarea[^>]*name=\"Addresses\"[^>]*>\\s*not-an-address\nbob@example</textarea>", WebUtility.HtmlDecode(summary.Html));
        Assert.Matches("<textarea[^>]*name=\"Message\"[^>]*>\\s*See you!</textarea>", WebUtility.HtmlDecode(summary.Html));

        // A reload is a GET: nothing is sent again, and the summary was shown once.
        var reloaded = await host.GetAsync($"/s/{slug}/invite");
        Assert.DoesNotContain("Invited: 1.", reloaded.Text, StringComparison.Ordinal);
        Assert.Equal(outbox, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "invitation")));
        Assert.Equal(2, _app.WithDb(db => db.Invitations.Count()));
        Assert.Single(_app.MailsTo("maya@example.org"));
    }

    [Fact]
    public async Task The_invitation_carries_the_public_calendar_entry_as_publish_with_no_attendee_and_no_personal_link()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "Maya Friend <maya@example.org>");
        var screening = GuestData.Screening(_app, slug);
        var download = IcalJs.Parse(await new WebSession(_app).GetAsync($"/s/{slug}/calendar.ics") is var file ? file.Html : "").Only();

        var mail = Assert.Single(_app.MailsTo("maya@example.org"));
        var text = CalendarPart(mail, "PUBLISH");
        var ics = IcalJs.Parse(text);

        Assert.Equal("PUBLISH", ics.Method);
        var entry = ics.Only();
        Assert.Equal(download.Uid, entry.Uid);
        Assert.Equal(screening.Version, entry.Sequence);
        Assert.Equal(screening.StartUtc, entry.StartUtc);
        Assert.Contains("Albany", entry.Location, StringComparison.Ordinal);
        Assert.Null(entry.Attendee);
        Assert.NotNull(entry.Organizer);
        Assert.DoesNotContain("12 Secret Street", text, StringComparison.Ordinal);
        Assert.DoesNotContain("ATTENDEE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/i/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(InvitationOf("maya@example.org").Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("maya@example.org", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Going_and_cant_go_open_the_form_preset_and_opening_them_records_nothing()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "Maya Friend <maya@example.org>");
        var mail = Assert.Single(_app.MailsTo("maya@example.org"));
        var token = InvitationOf("maya@example.org").Token;
        var going = $"https://localhost/i/{token}?answer=yes";
        var cantGo = $"https://localhost/i/{token}?answer=no";
        Assert.Contains($"Going:\n{going}\n", mail.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"Can't go:\n{cantGo}\n", mail.TextBody!.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains($"href=\"{going}\"", mail.HtmlBody, StringComparison.Ordinal);
        var before = Rows("maya@example.org");

        // A mail scanner (no cookies) and the invitee both open the links, repeatedly: nothing changes.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var scanner = new WebSession(_app);
            Assert.Equal(HttpStatusCode.Redirect, (await scanner.GetAsync(going)).Status);
            await scanner.FollowAsync(await scanner.GetAsync(cantGo));
        }

        var visitor = new WebSession(_app);
        var no = await visitor.FollowAsync(await visitor.GetAsync(cantGo));
        Assert.Matches("<input[^>]*value=\"false\"[^>]*checked", no.Html);
        Assert.DoesNotMatch("<input[^>]*value=\"true\"[^>]*checked", no.Html);
        var yes = await visitor.FollowAsync(await visitor.GetAsync(going));
        Assert.Matches("<input[^>]*name=\"Attending\" value=\"true\"[^>]*checked", yes.Html);
        Assert.Matches("<input[^>]*name=\"Name\"[^>]*value=\"Maya Friend\"", yes.Html);
        Assert.Equal(before, Rows("maya@example.org"));
        Assert.Equal(InvitationState.Sent, InvitationOf("maya@example.org").State);

        // Only sending the form answers.
        var answered = await visitor.PostAsync($"/s/{slug}/rsvp",
            [.. RsvpFlows.Fields("Maya Friend", "maya@example.org", attending: false), new("InviteToken", token)], no.AntiforgeryToken);
        Assert.True(answered.Status.IsRedirect() || answered.Status == HttpStatusCode.OK, answered.Text);
        Assert.Equal(InvitationState.Declined, InvitationOf("maya@example.org").State);
    }

    [Fact]
    public async Task A_new_time_reaches_open_invitations_with_the_updated_entry_and_a_cancellation_withdraws_it()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "Maya Friend <maya@example.org>, bob@example.org, no@example.org");
        var first = IcalJs.Parse(CalendarPart(Assert.Single(_app.MailsTo("maya@example.org")), "PUBLISH")).Only();
        // Bob answers yes through his invitation (he hears as a guest); no@ answers no (hears nothing more).
        var bob = new WebSession(_app);
        var form = await bob.FollowAsync(await bob.GetAsync($"/i/{InvitationOf("bob@example.org").Token}"));
        await bob.PostAsync($"/s/{slug}/rsvp", [.. RsvpFlows.Fields("Bob", "bob@example.org"), new("InviteToken", InvitationOf("bob@example.org").Token)], form.AntiforgeryToken);
        var no = new WebSession(_app);
        form = await no.FollowAsync(await no.GetAsync($"/i/{InvitationOf("no@example.org").Token}"));
        await no.PostAsync($"/s/{slug}/rsvp", [.. RsvpFlows.Fields("Noa", "no@example.org", attending: false), new("InviteToken", InvitationOf("no@example.org").Token)], form.AntiforgeryToken);
        Assert.Equal(InvitationState.Accepted, InvitationOf("bob@example.org").State);

        await GuestData.EditAsync(host, slug, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 21, 18, 0, 0)));

        var changed = Assert.Single(_app.MailsTo("maya@example.org"), m => (m.Subject ?? "").StartsWith("New time", StringComparison.Ordinal));
        Assert.StartsWith("Hello Maya Friend,", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains("Was: ", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://localhost/i/{InvitationOf("maya@example.org").Token}?answer=yes", changed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", changed.TextBody, StringComparison.Ordinal);
        var update = IcalJs.Parse(CalendarPart(changed, "PUBLISH")).Only();
        Assert.Equal(first.Uid, update.Uid);
        Assert.Equal(GuestData.Screening(_app, slug).Version, update.Sequence);
        Assert.True(update.Sequence > first.Sequence);
        Assert.Equal(new DateTime(NextYear, 3, 21, 22, 0, 0, DateTimeKind.Utc), update.StartUtc);
        // Bob is a guest now: one mail about the new time, the guests' one (with his calendar request).
        var bobs = _app.MailsTo("bob@example.org").Where(m => (m.Subject ?? "").StartsWith("New time", StringComparison.Ordinal)).ToList();
        Assert.Single(bobs);
        CalendarPart(bobs[0], "REQUEST");
        Assert.DoesNotContain(_app.MailsTo("no@example.org"), m => (m.Subject ?? "").StartsWith("New time", StringComparison.Ordinal));

        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "The venue flooded.")], confirm.AntiforgeryToken);

        var cancelled = Assert.Single(_app.MailsTo("maya@example.org"), m => (m.Subject ?? "").StartsWith("Cancelled", StringComparison.Ordinal));
        Assert.Contains("The venue flooded.", cancelled.TextBody, StringComparison.Ordinal);
        var cancel = IcalJs.Parse(CalendarPart(cancelled, "CANCEL"));
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(first.Uid, cancel.Only().Uid);
        Assert.Equal("CANCELLED", cancel.Only().Status);
        Assert.True(cancel.Only().Sequence > update.Sequence);
        Assert.Null(cancel.Only().Attendee);
        Assert.Single(_app.MailsTo("bob@example.org"), m => (m.Subject ?? "").StartsWith("Cancelled", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.MailsTo("no@example.org"), m => (m.Subject ?? "").StartsWith("Cancelled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_place_reaches_open_invitations_without_the_private_address()
    {
        var (host, slug) = await HostAsync();
        await InviteAsync(host, slug, "maya@example.org");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        fields["VenueName"] = "Hidden Hall";
        fields["StreetAddress"] = "99 Quiet Lane";
        fields["City"] = "Troy";

        await GuestData.EditAsync(host, slug, fields);

        var changed = Assert.Single(_app.MailsTo("maya@example.org"), m => (m.Subject ?? "").StartsWith("New place", StringComparison.Ordinal));
        Assert.Contains("Troy", changed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("99 Quiet Lane", changed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("99 Quiet Lane", changed.HtmlBody, StringComparison.Ordinal);
        var text = CalendarPart(changed, "PUBLISH");
        Assert.Contains("Troy", IcalJs.Parse(text).Only().Location, StringComparison.Ordinal);
        Assert.DoesNotContain("Quiet Lane", text, StringComparison.Ordinal);
        Assert.Matches(new Regex("^<https://localhost/unsubscribe/"), changed.Headers[HeaderId.ListUnsubscribe]);
    }
}
