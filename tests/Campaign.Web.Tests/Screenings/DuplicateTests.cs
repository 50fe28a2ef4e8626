using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>Issue 15 item 4 (duplicate a screening, and its bad input) and item 5 ("Hosted by").</summary>
public sealed partial class DuplicateTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static int NextYear => DateTime.UtcNow.Year + 1;

    private async Task<(WebSession Host, string Slug)> HostAsync(string visibility = "Unlisted", Action<Dictionary<string, string>>? change = null)
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org", "Ana Account-Name");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0), visibility: visibility);
        fields["RsvpDeadlineLocal"] = $"{NextYear}-03-13T12:00";
        fields["HostedByName"] = "Ana";
        fields["HostNotice"] = "EachRsvp";
        change?.Invoke(fields);
        return (host, await Flows.CreateScreeningAsync(host, fields));
    }

    private static Task<WebSession.Page> DuplicateAsync(WebSession host, string slug, string startLocal, string zone = "America/New_York") =>
        host.SubmitAsync($"/s/{slug}/duplicate", $"/s/{slug}/duplicate", ("StartLocal", startLocal), ("TimeZoneId", zone));

    /// <summary>The message shown under one field (the form's own &lt;small id="Field-error"&gt;).</summary>
    private static string FieldMessage(WebSession.Page page, string field) =>
        WebUtility.HtmlDecode(Regex.Match(page.Html, $"<small[^>]*id=\"{field}-error\"[^>]*>(.*?)</small>", RegexOptions.Singleline).Groups[1].Value);

    [Fact]
    public async Task A_duplicate_copies_text_place_seats_and_notes_at_the_new_time_and_leaves_guests_invitations_and_door_links_behind()
    {
        var (host, slug) = await HostAsync();
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org", party: 2);
        GuestData.Invitation(_app, slug, "ivy@example.org");
        var original = GuestData.Screening(_app, slug);
        _app.WithDb(db =>
        {
            db.DoorLinks.Add(DoorLink.Create(original.Id, "Front door", "door-token-abcdefghijklmnop", DateTime.UtcNow));
            db.CoHosts.Add(CoHost.Add(original.Id, "co@example.org", DateTime.UtcNow));
            return db.SaveChanges();
        });

        Assert.Contains($"href=\"/s/{slug}/duplicate\"", (await host.GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
        var form = await host.GetAsync($"/s/{slug}/duplicate");
        // Prefilled: the same wall-clock time a week later, in the same zone.
        Assert.Matches($"<input[^>]*name=\"StartLocal\"[^>]*value=\"{NextYear}-03-21T19:00", form.Html);
        Assert.Matches("<option selected=\"selected\" value=\"America/New_York\"", form.Html);

        var created = await host.PostAsync($"/s/{slug}/duplicate", [new("StartLocal", $"{NextYear}-04-04T18:30"), new("TimeZoneId", "America/New_York")], form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.Redirect, created.Status);
        var copySlug = created.Location!["/s/".Length..];
        Assert.NotEqual(slug, copySlug);
        var copy = GuestData.Screening(_app, copySlug);
        Assert.Equal(original.HostId, copy.HostId);
        Assert.Equal((original.Title, original.Description, original.VenueName, original.StreetAddress, original.City, original.PostalCode, original.CountryCode),
            (copy.Title, copy.Description, copy.VenueName, copy.StreetAddress, copy.City, copy.PostalCode, copy.CountryCode));
        Assert.Equal((original.Capacity, original.MaxPlusOnes, original.AccessibilityNotes, original.ContentNote, original.Visibility, original.HostedByName, original.HostNotice),
            (copy.Capacity, copy.MaxPlusOnes, copy.AccessibilityNotes, copy.ContentNote, copy.Visibility, copy.HostedByName, copy.HostNotice));
        // 18:30 EDT; same length; the deadline keeps its distance to the start.
        Assert.Equal(new DateTime(NextYear, 4, 4, 22, 30, 0, DateTimeKind.Utc), copy.StartUtc);
        Assert.Equal(original.EndUtc - original.StartUtc, copy.EndUtc - copy.StartUtc);
        Assert.Equal(original.StartUtc - original.RsvpDeadlineUtc, copy.StartUtc - copy.RsvpDeadlineUtc);
        Assert.Equal(0, copy.SeatsTaken);
        Assert.Equal(1, copy.Version);
        Assert.Equal(0, _app.WithDb(db => db.Rsvps.Count(r => r.ScreeningId == copy.Id)));
        Assert.Equal(0, _app.WithDb(db => db.Invitations.Count(i => i.ScreeningId == copy.Id)));
        Assert.Equal(0, _app.WithDb(db => db.DoorLinks.Count(d => d.ScreeningId == copy.Id)));
        Assert.Equal(0, _app.WithDb(db => db.CoHosts.Count(c => c.ScreeningId == copy.Id)));
        // The original is untouched and nobody was mailed about the copy.
        Assert.Equal(original.Version, GuestData.Screening(_app, slug).Version);
        Assert.DoesNotContain(_app.Mails(), m => m.To.Mailboxes.Any(b => b.Address is "bea@example.org" or "ivy@example.org" or "co@example.org") && (m.Subject ?? "").Contains("New", StringComparison.Ordinal));
        var page = await host.FollowAsync(created);
        Assert.Contains("The copy is created.", page.Text, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_copy_waits_for_approval_unless_the_host_is_trusted()
    {
        var (host, slug) = await HostAsync("Public");
        _app.WithDb(db =>
        {
            db.Screenings.Single(s => s.Slug == slug).Approve(DateTime.UtcNow);
            return db.SaveChanges();
        });
        Assert.Equal(ModerationState.Approved, GuestData.Screening(_app, slug).Moderation);

        var untrusted = await DuplicateAsync(host, slug, $"{NextYear}-05-01T19:00");
        var first = GuestData.Screening(_app, untrusted.Location!["/s/".Length..]);
        Assert.Equal(ModerationState.Pending, first.Moderation);
        Assert.Contains("once the campaign's staff approve it", (await host.FollowAsync(untrusted)).Text, StringComparison.Ordinal);

        _app.WithDb(db =>
        {
            db.Users.Single(u => u.Email == "ana@example.org").Trust();
            return db.SaveChanges();
        });
        var trusted = await DuplicateAsync(host, slug, $"{NextYear}-05-08T19:00");
        Assert.Equal(ModerationState.Approved, GuestData.Screening(_app, trusted.Location!["/s/".Length..]).Moderation);
    }

    public static TheoryData<string, string, string, string> BadStarts => new()
    {
        { "StartLocal", $"{DateTime.UtcNow.Year - 1}-03-14T19:00", "America/New_York", "The start must be in the future." },
        { "StartLocal", "not-a-date", "America/New_York", "is not valid" },
        { "StartLocal", "", "America/New_York", "Choose when the new screening starts." },
        { "StartLocal", SpringForward(DateTime.UtcNow.Year + 1) + "T02:30", "America/New_York", "does not exist on that day" },
        { "TimeZoneId", $"{DateTime.UtcNow.Year + 1}-05-01T19:00", "Mars/Olympus_Mons", "Choose a time zone from the list." },
        { "StartLocal", "0001-01-01T00:00", "America/New_York", "Choose a date between" },
    };

    /// <summary>The second Sunday of March: New York's clocks go from 02:00 to 03:00.</summary>
    private static string SpringForward(int year)
    {
        var day = new DateTime(year, 3, 1);
        while (day.DayOfWeek != DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_duplicate_with_a_start_in_the_past_or_an_unreadable_date_or_zone_is_refused_beside_the_field(string field, string start, string zone, string message)
    {
        var (host, slug) = await HostAsync();
        var before = _app.WithDb(db => db.Screenings.Count());

        var page = await DuplicateAsync(host, slug, start, zone);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, FieldMessage(page, field), StringComparison.Ordinal);
        Assert.Matches($"<(input|select)[^>]*aria-invalid=\"true\"[^>]*name=\"{field}\"|<(input|select)[^>]*name=\"{field}\"[^>]*aria-invalid=\"true\"", page.Html);
        Assert.Equal(before, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task Only_the_host_may_duplicate()
    {
        var (host, slug) = await HostAsync();
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob");
        var token = (await other.GetAsync("/my/screenings")).AntiforgeryToken;

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/duplicate")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/s/{slug}/duplicate", [new("StartLocal", $"{NextYear}-05-01T19:00"), new("TimeZoneId", "America/New_York")], token)).Status);
        Assert.Contains("/account/login", (await new WebSession(_app).GetAsync($"/s/{slug}/duplicate")).Location, StringComparison.Ordinal);
        Assert.DoesNotContain("/duplicate", (await other.GetAsync("/s/" + slug)).Html, StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task A_past_or_cancelled_screening_can_be_duplicated_and_the_form_suggests_a_future_week()
    {
        var (host, slug) = await HostAsync();
        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "Rain.")], confirm.AntiforgeryToken);
        // Two years on, the screening is long over.
        _app.Clock.Advance(TimeSpan.FromDays(730));
        host = await Flows.LoginAsync(_app, "ana@example.org");

        var form = await host.GetAsync($"/s/{slug}/duplicate");
        var start = DateTime.Parse(Regex.Match(form.Html, "name=\"StartLocal\"[^>]*value=\"([^\"]+)\"").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(start > _app.Clock.GetUtcNow().UtcDateTime && start < _app.Clock.GetUtcNow().UtcDateTime.AddDays(8), $"Suggested {start}");
        Assert.Equal(new DateTime(NextYear, 3, 14).DayOfWeek, start.DayOfWeek);
        Assert.Equal(new TimeSpan(19, 0, 0), start.TimeOfDay);
    }

    [Fact]
    public async Task Hosted_by_shows_the_name_chosen_for_the_screening_and_nothing_when_blank()
    {
        var (host, slug) = await HostAsync(change: f => f["HostedByName"] = "  Ana\r\n<b>& friends</b>  ");
        var visitor = new WebSession(_app);

        var page = await visitor.GetAsync("/s/" + slug);
        Assert.Matches("<p id=\"screening-host\">Hosted by Ana &lt;b&gt;&amp; friends&lt;/b&gt;</p>", page.Html);
        Assert.DoesNotContain("Account-Name", page.Html, StringComparison.Ordinal);
        Assert.Equal("Ana <b>& friends</b>", GuestData.Screening(_app, slug).HostedByName);

        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        fields["HostedByName"] = "";
        await GuestData.EditAsync(host, slug, fields);

        page = await visitor.GetAsync("/s/" + slug);
        Assert.DoesNotContain("screening-host", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosted by", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Account-Name", page.Html, StringComparison.Ordinal);
        Assert.Null(GuestData.Screening(_app, slug).HostedByName);
        Assert.Matches("<input[^>]*name=\"HostedByName\"[^>]*value=\"\"", (await host.GetAsync($"/s/{slug}/edit")).Html);
    }

    [Fact]
    public async Task A_hosted_by_name_over_100_characters_is_refused_beside_the_field()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        fields["HostedByName"] = new string('a', 101);

        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("At most 100 characters.", FieldMessage(page, "HostedByName"), StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Count()));
    }
}
