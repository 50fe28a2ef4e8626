using System.Net;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Web.Features.Guests;
using Campaign.Web.Mail;
using MimeKit;

namespace Campaign.Web.Tests;

public sealed class GuestMailTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static int NextYear => DateTime.UtcNow.Year + 1;

    private async Task<(WebSession Host, string Slug)> ScreeningAsync(int capacity = 30)
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0), capacity: capacity));
        return (host, slug);
    }

    private IReadOnlyList<MimeMessage> MailsOfKind(string subjectStart) =>
        [.. _app.Mails().Where(m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal))];

    private static IEnumerable<string> Recipients(IEnumerable<MimeMessage> mails) =>
        mails.SelectMany(m => m.To.Mailboxes).Select(b => b.Address).Order(StringComparer.Ordinal);

    [Fact]
    public async Task A_message_goes_to_confirmed_guests_only_as_text_never_markup()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org", party: 2);
        GuestData.Rsvp(_app, slug, "Dan", "dan@example.org");
        GuestData.Rsvp(_app, slug, "Eve", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(_app, slug, "Gus", "gus@example.org", status: RsvpStatus.Declined);
        GuestData.Rsvp(_app, slug, "Hal", "hal@example.org", status: RsvpStatus.Cancelled);
        GuestData.Rsvp(_app, slug, "Kim", "kim@example.org");
        GuestData.Block(_app, slug, "kim@example.org");
        const string message = "Bring tissues <script>alert('x')</script> & <b>arrive early</b>.";

        var done = await host.SubmitAsync($"/s/{slug}/guests", $"/s/{slug}/guests/message", ("Form.Message", message));

        Assert.Equal($"/s/{slug}/guests", done.Location);
        Assert.Contains("Your message was sent to 2 guests.", (await host.FollowAsync(done)).Text, StringComparison.Ordinal);
        var mails = MailsOfKind("Message from the host");
        Assert.Equal(["bea@example.org", "dan@example.org"], Recipients(mails));
        foreach (var mail in mails)
        {
            Assert.Contains(message, mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("<b>arrive", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("/rsvp/", mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(2, _app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == MailKinds.HostMessage)));
    }

    [Fact]
    public async Task An_empty_or_too_long_message_is_refused_and_nothing_is_sent()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");

        var empty = await host.SubmitAsync($"/s/{slug}/guests", $"/s/{slug}/guests/message", ("Form.Message", "  "));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.Status);
        Assert.Contains("Write the message.", empty.Text, StringComparison.Ordinal);

        var tooLong = await host.SubmitAsync($"/s/{slug}/guests", $"/s/{slug}/guests/message", ("Form.Message", new string('x', 2001)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.Status);
        Assert.Contains("at most 2000 characters", tooLong.Text, StringComparison.Ordinal);
        Assert.Empty(MailsOfKind("Message from the host"));
    }

    [Fact]
    public async Task A_new_time_is_mailed_to_confirmed_guests_with_the_old_and_new_time()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        GuestData.Rsvp(_app, slug, "Eve", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(_app, slug, "Gus", "gus@example.org", status: RsvpStatus.Declined);

        await GuestData.EditAsync(host, slug, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 20, 30, 0)));

        var mails = MailsOfKind("New time");
        // Confirmed and waitlisted guests are told; those who said no are not.
        Assert.Equal(["bea@example.org", "eve@example.org"], mails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var mail = mails.Single(m => m.To.Mailboxes.Single().Address == "bea@example.org");
        var waitlisted = mails.Single(m => m.To.Mailboxes.Single().Address == "eve@example.org");
        Assert.Contains("whose waitlist you are on", waitlisted.TextBody, StringComparison.Ordinal);
        Assert.Contains("20:30–22:30 EDT", waitlisted.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", waitlisted.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(waitlisted.BodyParts, p => p.ContentType.MimeType == "text/calendar");
        Assert.Contains("New time: ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("20:30–22:30 EDT", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Was: ", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("19:00–21:00 EDT", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_without_a_change_of_time_or_place_mails_no_one()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        var fields = Flows.ScreeningFields("A new title", startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));

        await GuestData.EditAsync(host, slug, fields);

        Assert.Empty(_app.MailsTo("bea@example.org"));
    }

    [Fact]
    public async Task A_new_place_shows_its_full_address_to_confirmed_guests_only()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        GuestData.Rsvp(_app, slug, "Eve", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(_app, slug, "Gus", "gus@example.org", status: RsvpStatus.Declined);
        GuestData.Invitation(_app, slug, "ivy@example.org");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        fields["VenueName"] = "Hidden Hall";
        fields["StreetAddress"] = "99 Quiet Lane";

        await GuestData.EditAsync(host, slug, fields);

        var all = _app.Mails();
        var told = all.Where(m => (m.Subject ?? "").StartsWith("New place", StringComparison.Ordinal)).ToList();
        // The confirmed guest, the waitlisted one and the open invitation hear of it; the full address only the first.
        Assert.Equal(["bea@example.org", "eve@example.org", "ivy@example.org"], told.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var changed = told.Single(m => m.To.Mailboxes.Single().Address == "bea@example.org");
        Assert.Contains("Hidden Hall", changed.TextBody, StringComparison.Ordinal);
        Assert.Contains("99 Quiet Lane", changed.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(all.Where(m => m != changed), m => (m.TextBody ?? "").Contains("99 Quiet Lane", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_seats_promote_the_waitlist_in_order_in_the_same_save()
    {
        var (host, slug) = await ScreeningAsync(capacity: 2);
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org", party: 2);
        GuestData.Rsvp(_app, slug, "First", "first@example.org", status: RsvpStatus.Waitlisted);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "Second", "second@example.org", party: 2, status: RsvpStatus.Waitlisted);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "Third", "third@example.org", status: RsvpStatus.Waitlisted);

        await GuestData.EditAsync(host, slug, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0), capacity: 5));

        var statuses = _app.WithDb(db => db.Rsvps.ToDictionary(r => r.Email, r => r.Status));
        Assert.Equal(RsvpStatus.Confirmed, statuses["first@example.org"]);
        Assert.Equal(RsvpStatus.Confirmed, statuses["second@example.org"]);
        Assert.Equal(RsvpStatus.Waitlisted, statuses["third@example.org"]);
        Assert.Equal(5, GuestData.Screening(_app, slug).SeatsTaken);
        Assert.Equal(["first@example.org", "second@example.org"], Recipients(MailsOfKind("You're in")));
    }

    [Fact]
    public async Task Cancelling_mails_guests_the_waitlist_and_open_invitations_with_the_reason()
    {
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        GuestData.Rsvp(_app, slug, "Eve", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(_app, slug, "Gus", "gus@example.org", status: RsvpStatus.Declined);
        GuestData.Rsvp(_app, slug, "Hal", "hal@example.org", status: RsvpStatus.Cancelled);
        GuestData.Rsvp(_app, slug, "Kim", "kim@example.org");
        GuestData.Block(_app, slug, "kim@example.org");
        GuestData.Invitation(_app, slug, "ivy@example.org");
        GuestData.Invitation(_app, slug, "queued@example.org", InvitationState.Queued);
        GuestData.Invitation(_app, slug, "bea@example.org", InvitationState.Accepted);
        GuestData.Invitation(_app, slug, "jon@example.org", InvitationState.Declined);
        GuestData.Invitation(_app, slug, "opted-out@example.org");
        GuestData.Suppress(_app, "opted-out@example.org");
        GuestData.Invitation(_app, slug, "blocked@example.org");
        GuestData.Block(_app, slug, "blocked@example.org");

        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        var done = await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "The venue <b>flooded</b>.")], confirm.AntiforgeryToken);

        Assert.Equal("/s/" + slug, done.Location);
        var mails = MailsOfKind("Cancelled");
        Assert.Equal(["bea@example.org", "eve@example.org", "ivy@example.org", "queued@example.org"], Recipients(mails));
        foreach (var mail in mails)
        {
            Assert.Contains("The venue <b>flooded</b>.", mail.TextBody, StringComparison.Ordinal);
            Assert.Contains("The venue &lt;b&gt;flooded&lt;/b&gt;.", mail.HtmlBody, StringComparison.Ordinal);
            Assert.DoesNotContain("12 Secret Street", mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(ScreeningStatus.Cancelled, GuestData.Screening(_app, slug).Status);
    }
}
