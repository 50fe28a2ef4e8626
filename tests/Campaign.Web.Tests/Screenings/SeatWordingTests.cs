using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Web.Tests;

/// <summary>
/// What the public sees of a screening's seats and guests (ADR 0024): "Seats available" / "Almost full" / "Full", the
/// number only when the host opts in; guest names never. The host's dashboard keeps the numbers.
/// </summary>
public sealed partial class SeatWordingTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [GeneratedRegex(@"\b\d+ of \d+ seats?\b|\b\d+ seats? left\b")]
    private static partial Regex SeatCount();

    private async Task<(WebSession Host, string Slug)> PublicScreeningAsync(int capacity, bool showCount = false)
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var fields = Flows.ScreeningFields("Seats test", visibility: "Public", capacity: capacity);
        if (showCount)
        {
            fields["ShowSeatsLeft"] = "true";
        }

        var slug = await Flows.CreateScreeningAsync(host, fields);
        _app.WithDb(db =>
        {
            db.Screenings.Single(s => s.Slug == slug).Approve(_app.Clock.GetUtcNow().UtcDateTime);
            return db.SaveChanges();
        });
        return (host, slug);
    }

    /// <summary>Everything the public can read about the screening: its page, the directory, the public feed and its .ics.</summary>
    private async Task<Dictionary<string, string>> PublicSurfacesAsync(string slug)
    {
        var visitor = new WebSession(_app);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["page"] = (await visitor.GetAsync("/s/" + slug)).Text,
            ["directory"] = (await visitor.GetAsync("/screenings")).Text,
            ["feed"] = await TextAsync(visitor, "/screenings/calendar.ics"),
            ["ics"] = await TextAsync(visitor, $"/s/{slug}/calendar.ics"),
        };
    }

    private static async Task<string> TextAsync(WebSession session, string path)
    {
        var (status, body, _) = await session.DownloadAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return System.Text.Encoding.UTF8.GetString(body);
    }

    private static string Checkbox(WebSession.Page form) =>
        Assert.Single(Regex.Matches(form.Html, "<input[^>]*type=\"checkbox\"[^>]*name=\"ShowSeatsLeft\"[^>]*>|<input[^>]*name=\"ShowSeatsLeft\"[^>]*type=\"checkbox\"[^>]*>")).Value;

    private static void Says(Dictionary<string, string> surfaces, string words)
    {
        Assert.Contains(words, surfaces["page"], StringComparison.Ordinal);
        Assert.Contains(words, surfaces["directory"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_is_told_whether_seats_are_left_never_how_many_nor_who_is_coming()
    {
        var (host, slug) = await PublicScreeningAsync(capacity: 10);
        GuestData.Rsvp(_app, slug, "Dan Guestname", "dan@example.org");

        var surfaces = await PublicSurfacesAsync(slug);
        Says(surfaces, "Seats available");
        Assert.Contains("Please answer by", surfaces["page"], StringComparison.Ordinal);

        GuestData.Rsvp(_app, slug, "Eve Partyname", "eve@example.org", party: 3, guestNames: ["Flo Plusone"]);
        GuestData.Rsvp(_app, slug, "Gus Bigparty", "gus@example.org", party: 5);
        var almost = await PublicSurfacesAsync(slug);
        Says(almost, "Almost full");

        GuestData.Rsvp(_app, slug, "Hal Lastseat", "hal@example.org");
        var full = await PublicSurfacesAsync(slug);
        Says(full, "Full");
        Assert.Contains("This screening is full.", full["page"], StringComparison.Ordinal);

        foreach (var (surface, text) in new[] { surfaces, almost, full }.SelectMany(s => s))
        {
            Assert.DoesNotMatch(SeatCount(), text);
            foreach (var name in new[] { "Dan Guestname", "Eve Partyname", "Flo Plusone", "Gus Bigparty", "Hal Lastseat", "dan@example.org" })
            {
                Assert.False(text.Contains(name, StringComparison.Ordinal), $"{name} on the public {surface}");
            }
        }

        // The host's dashboard keeps the numbers and the names.
        var dashboard = await host.GetAsync("/s/" + slug);
        Assert.Contains("0 of 10 seats left.", dashboard.Text, StringComparison.Ordinal);
        Assert.Contains("Eve Partyname", dashboard.Text, StringComparison.Ordinal);
        // Their own "as guests see it" view does not.
        var asGuest = await host.GetAsync($"/s/{slug}?view=guest");
        Assert.DoesNotMatch(SeatCount(), asGuest.Text);
        Assert.DoesNotContain("Eve Partyname", asGuest.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_who_opts_in_shows_the_number_of_seats_left_and_can_turn_it_off_again()
    {
        var (host, slug) = await PublicScreeningAsync(capacity: 50, showCount: true);
        GuestData.Rsvp(_app, slug, "Dan Guestname", "dan@example.org", party: 3);

        var shown = await PublicSurfacesAsync(slug);
        Assert.Contains("Seats available · 47 of 50 seats left", shown["page"], StringComparison.Ordinal);
        Assert.Contains("Seats available · 47 of 50 seats left", shown["directory"], StringComparison.Ordinal);
        Assert.Matches(@"Please answer by [^.]+\. 47 seats left\.", shown["page"]);
        // Never in the feeds or calendar files, where it would go stale.
        Assert.DoesNotMatch(SeatCount(), shown["feed"] + shown["ics"]);

        var edit = await host.GetAsync($"/s/{slug}/edit");
        Assert.Contains("checked", Checkbox(edit), StringComparison.Ordinal);
        Assert.Contains("Show the number of seats left", edit.Text, StringComparison.Ordinal);
        var fields = Flows.ScreeningFields("Seats test", visibility: "Public", capacity: 50);
        fields["Version"] = _app.WithDb(db => db.Screenings.Single()).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("/s/" + slug, (await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken)).Location);

        var hidden = await PublicSurfacesAsync(slug);
        Says(hidden, "Seats available");
        Assert.DoesNotMatch(SeatCount(), hidden["page"] + hidden["directory"]);
    }

    [Fact]
    public async Task The_new_screening_form_offers_the_choice_off_by_default()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var form = await host.GetAsync("/screenings/new");
        Assert.Contains("Show the number of seats left", form.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("checked", Checkbox(form), StringComparison.Ordinal);
        var slug = await Flows.CreateScreeningAsync(host);
        Assert.False(GuestData.Screening(_app, slug).ShowSeatsLeft);
    }

    [Fact]
    public async Task One_seat_goes_from_available_to_full_and_a_capacity_cut_to_the_seats_taken_reads_full()
    {
        var (host, one) = await PublicScreeningAsync(capacity: 1, showCount: true);
        Says(await PublicSurfacesAsync(one), "Seats available · 1 of 1 seat left");
        GuestData.Rsvp(_app, one, "Dan Guestname", "dan@example.org");
        var full = await PublicSurfacesAsync(one);
        Says(full, "Full");
        // Full says so, with no "0 of 1" beside it.
        Assert.DoesNotMatch(SeatCount(), full["page"] + full["directory"]);

        var cut = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Cut", capacity: 5));
        GuestData.Rsvp(_app, cut, "Eve Partyname", "eve@example.org", party: 3);
        Assert.Contains("Seats available", (await new WebSession(_app).GetAsync("/s/" + cut)).Text, StringComparison.Ordinal);
        var edit = await host.GetAsync($"/s/{cut}/edit");
        var fields = Flows.ScreeningFields("Cut", capacity: 2);
        fields["Version"] = GuestData.Screening(_app, cut).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = await host.PostAsync($"/s/{cut}/edit", fields, edit.AntiforgeryToken);
        Assert.Contains("3 seats are already taken; capacity cannot be lower.", refused.Text, StringComparison.Ordinal);
        fields["Capacity"] = "3";
        Assert.Equal("/s/" + cut, (await host.PostAsync($"/s/{cut}/edit", fields, edit.AntiforgeryToken)).Location);
        var page = await new WebSession(_app).GetAsync("/s/" + cut);
        Assert.Contains("Full", page.Text, StringComparison.Ordinal);
        Assert.Contains("This screening is full.", page.Text, StringComparison.Ordinal);
    }
}
