using System.Net;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;

namespace Campaign.Web.Tests;

public sealed class GuestListTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, string Slug)> ScreeningWithGuestsAsync()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        GuestData.Rsvp(_app, slug, "Bea Booker", "bea@example.org", party: 2, guestNames: ["Carl Plusone"]);
        GuestData.Rsvp(_app, slug, "Dan Single", "dan@example.org");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "Eve Waiting", "eve@example.org", party: 2, status: RsvpStatus.Waitlisted);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "Fay Later", "fay@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(_app, slug, "Gus No", "gus@example.org", status: RsvpStatus.Declined);
        GuestData.Rsvp(_app, slug, "Hal Gone", "hal@example.org", status: RsvpStatus.Cancelled);
        GuestData.Invitation(_app, slug, "ivy@example.org");
        GuestData.Invitation(_app, slug, "jon@example.org", InvitationState.Declined);
        return (host, slug);
    }

    [Fact]
    public async Task The_host_sees_every_answer_and_invitation_with_counts()
    {
        var (host, slug) = await ScreeningWithGuestsAsync();

        var page = await host.GetAsync($"/s/{slug}/guests");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var text = page.Text;
        Assert.Matches(@"Seats taken\s+3 / 30", text);
        Assert.Matches(@"Confirmed\s+2 parties, 3 people", text);
        Assert.Matches(@"Waitlisted\s+3 people", text);
        Assert.Matches(@"Declined\s+1\s", text);
        Assert.Matches(@"Invited\s+2\s", text);
        foreach (var shown in new[] { "Bea Booker", "bea@example.org", "Carl Plusone", "Dan Single", "Gus No", "Hal Gone", "ivy@example.org", "jon@example.org" })
        {
            Assert.Contains(shown, text, StringComparison.Ordinal);
        }

        Assert.True(text.IndexOf("Eve Waiting", StringComparison.Ordinal) < text.IndexOf("Fay Later", StringComparison.Ordinal), "The waitlist is in order.");
        Assert.Contains("no-store", page.Headers["Cache-Control"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_screening_page_links_the_guest_list_for_its_host_only()
    {
        var (host, slug) = await ScreeningWithGuestsAsync();

        Assert.Contains($"href=\"/s/{slug}/guests\"", (await host.GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/guests", (await new WebSession(_app).GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_see_the_guest_list_but_cannot_write_to_the_guests()
    {
        // Two-factor set-up first: its code is computed at the fake time, which the guest set-up moves on.
        var staff = await Flows.StaffAsync(_app);
        var (_, slug) = await ScreeningWithGuestsAsync();

        var page = await staff.GetAsync($"/s/{slug}/guests");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("bea@example.org", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("guests/message", page.Html, StringComparison.Ordinal);
        var post = await staff.PostAsync($"/s/{slug}/guests/message", [new("Form.Message", "Hello from staff")], page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
    }

    [Fact]
    public async Task Other_accounts_get_not_found_and_anonymous_visitors_are_sent_to_log_in()
    {
        var (_, slug) = await ScreeningWithGuestsAsync();
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob");

        var refused = await other.GetAsync($"/s/{slug}/guests");
        Assert.Equal(HttpStatusCode.NotFound, refused.Status);
        Assert.DoesNotContain("bea@example.org", refused.Html, StringComparison.Ordinal);

        var anonymous = await new WebSession(_app).GetAsync($"/s/{slug}/guests");
        Assert.True(anonymous.Status.IsRedirect());
        Assert.Contains("/account/login", anonymous.Location, StringComparison.Ordinal);

        // A staff-listed account that did not sign in with two factors is not staff.
        var staffWithoutMfa = await Flows.RegisterAsync(_app, "staff@example.org", "Sam Staff");
        Assert.Equal(HttpStatusCode.NotFound, (await staffWithoutMfa.GetAsync($"/s/{slug}/guests")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/s/no-such-screening-aaaaaaaaaaaaaaaa/guests")).Status);
    }
}
