using System.Net;
using Campaign.Domain.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

public sealed class ScreeningTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static int NextYear => DateTime.UtcNow.Year + 1;

    [Fact]
    public async Task A_confirmed_host_creates_a_screening_and_sees_it_in_its_own_zone()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");

        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Jane Doe night", new DateTime(NextYear, 3, 14, 19, 0, 0), "America/New_York"));
        var page = await host.GetAsync("/s/" + slug);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Jane Doe night", page.Text, StringComparison.Ordinal);
        Assert.Contains("14 March", page.Text, StringComparison.Ordinal);
        Assert.Contains("19:00–21:00 EDT", page.Text, StringComparison.Ordinal);
        var stored = _app.WithDb(db => db.Screenings.Single());
        Assert.Equal(new DateTime(NextYear, 3, 14, 23, 0, 0, DateTimeKind.Utc), stored.StartUtc);
    }

    [Fact]
    public async Task Winter_time_in_the_same_zone_shows_the_standard_abbreviation()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 7, 19, 0, 0)));
        var page = await host.GetAsync("/s/" + slug);
        Assert.Contains("19:00–21:00 EST", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wall_clock_time_skipped_by_the_clocks_going_forward_is_refused()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var secondSundayOfMarch = Enumerable.Range(8, 7).Select(d => new DateTime(NextYear, 3, d)).Single(d => d.DayOfWeek == DayOfWeek.Sunday);
        var fields = Flows.ScreeningFields(startLocal: secondSundayOfMarch.AddHours(2).AddMinutes(30));

        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("the clocks go forward", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task An_unconfirmed_host_is_asked_to_confirm_first_and_nothing_is_stored()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org", confirm: false);
        var form = await host.GetAsync("/screenings/new");
        Assert.Contains("Confirm your e-mail address first", form.Text, StringComparison.Ordinal);

        var page = await host.PostAsync("/screenings/new", Flows.ScreeningFields(), form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Confirm your e-mail address first", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_log_in_before_creating()
    {
        var page = await new WebSession(_app).GetAsync("/screenings/new");
        Assert.True(page.Status.IsRedirect());
        Assert.Contains("/account/login", page.Location, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadFields => new()
    {
        { "Title", "", "Give the screening a title." },
        { "Title", new string('x', 141), "The title can be at most 140 characters." },
        { "EndLocal", $"{DateTime.UtcNow.Year + 1}-03-14T18:00", "The end must be after the start." },
        { "StartLocal", $"{DateTime.UtcNow.Year - 1}-03-14T19:00", "The start must be in the future." },
        { "TimeZoneId", "Mars/Olympus_Mons", "Choose a time zone from the list." },
        { "Capacity", "0", "Capacity must be between 1 and 10,000." },
        { "Capacity", "10001", "Capacity must be between 1 and 10,000." },
        { "Capacity", "lots", "is not valid" },
        { "City", "", "Give the city." },
        { "StreetAddress", "", "Give the street address" },
        { "CountryCode", "XX", "Choose a country from the list." },
        { "MaxPlusOnes", "21", "Plus-ones must be between 0 and 20." },
        { "RsvpDeadlineLocal", $"{DateTime.UtcNow.Year + 1}-03-15T10:00", "The RSVP deadline cannot be after the start." },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task Bad_input_gets_a_message_beside_the_field_and_stores_nothing(string field, string value, string message)
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        fields[field] = value;

        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains(message, page.Text, StringComparison.Ordinal);
        Assert.Contains($"id=\"{field.Replace('.', '_')}-error\"", page.Html, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task Online_screening_needs_a_web_link()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var fields = Flows.ScreeningFields(online: true);
        fields["OnlineUrl"] = "javascript:alert(1)";

        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Give the online link as a full web address", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_in_title_and_description_is_shown_as_text()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var fields = Flows.ScreeningFields("<script>alert('x')</script>");
        fields["Description"] = "<img src=x onerror=alert(1)>";

        var slug = await Flows.CreateScreeningAsync(host, fields);
        var page = await new WebSession(_app).GetAsync("/s/" + slug);

        Assert.DoesNotContain("<script>alert", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", page.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page.Html, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script>", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_page_shows_city_and_region_but_never_the_street_or_online_link()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var venue = await Flows.CreateScreeningAsync(host);
        var online = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Online night", online: true));
        var stranger = new WebSession(_app);

        var venuePage = await stranger.GetAsync("/s/" + venue);
        Assert.Contains("Albany, NY, United States", venuePage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("12 Secret Street", venuePage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("12207", venuePage.Html, StringComparison.Ordinal);

        var onlinePage = await stranger.GetAsync("/s/" + online);
        Assert.DoesNotContain("private-room", onlinePage.Html, StringComparison.Ordinal);

        var hostView = await host.GetAsync("/s/" + venue);
        Assert.Contains("12 Secret Street", hostView.Text, StringComparison.Ordinal);
        Assert.Contains("private-room", (await host.GetAsync("/s/" + online)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Screening_addresses_carry_an_unguessable_slug_not_a_number()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var first = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Same title"));
        var second = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Same title"));

        Assert.NotEqual(first, second);
        foreach (var slug in new[] { first, second })
        {
            Assert.Matches("^same-title-[a-z2-9]{16}$", slug);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync("/s/same-title-aaaaaaaaaaaaaaaa")).Status);
    }

    [Fact]
    public async Task The_host_edits_a_screening_and_others_cannot()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        var edit = await host.GetAsync($"/s/{slug}/edit");
        Assert.Contains("value=\"Community screening\"", edit.Html, StringComparison.Ordinal);

        var fields = Flows.ScreeningFields("Renamed screening", capacity: 55);
        fields["Version"] = _app.WithDb(db => db.Screenings.Single().Version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var saved = await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);
        Assert.Equal("/s/" + slug, saved.Location);
        var page = await host.GetAsync("/s/" + slug);
        Assert.Contains("Renamed screening", page.Text, StringComparison.Ordinal);
        Assert.Contains("55 of 55 seats left", page.Text, StringComparison.Ordinal);

        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/edit")).Status);
        var forged = await other.PostAsync($"/s/{slug}/edit", Flows.ScreeningFields("Hijacked"), (await other.GetAsync("/screenings/new")).AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Equal("Renamed screening", _app.WithDb(db => db.Screenings.Single().Title));
    }

    [Fact]
    public async Task An_edit_from_a_stale_form_does_not_overwrite_a_newer_change()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        var edit = await host.GetAsync($"/s/{slug}/edit");
        var version = _app.WithDb(db => db.Screenings.Single().Version).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var first = Flows.ScreeningFields("First edit");
        first["Version"] = version;
        await host.PostAsync($"/s/{slug}/edit", first, edit.AntiforgeryToken);
        var second = Flows.ScreeningFields("Stale edit");
        second["Version"] = version;
        var page = await host.PostAsync($"/s/{slug}/edit", second, edit.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Someone changed this screening while you were editing", page.Text, StringComparison.Ordinal);
        Assert.Equal("First edit", _app.WithDb(db => db.Screenings.Single().Title));
    }

    [Fact]
    public async Task Cancelling_keeps_the_page_marked_cancelled_and_needs_a_post()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);

        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        Assert.Equal(ScreeningStatus.Scheduled, _app.WithDb(db => db.Screenings.Single().Status));
        var done = await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "The venue flooded.")], confirm.AntiforgeryToken);

        Assert.Equal("/s/" + slug, done.Location);
        var page = await new WebSession(_app).GetAsync("/s/" + slug);
        Assert.Contains("Cancelled", page.Text, StringComparison.Ordinal);
        Assert.Contains("The venue flooded.", page.Text, StringComparison.Ordinal);
        Assert.Equal(ScreeningStatus.Cancelled, _app.WithDb(db => db.Screenings.Single().Status));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var page = await host.PostAsync("/screenings/new", Flows.ScreeningFields(), token: null);
        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, await _app.WithDb(db => db.Screenings.CountAsync()));
    }

    [Fact]
    public async Task The_host_lists_their_screenings_with_their_state()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Private one"));
        await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Public one", visibility: "Public"));

        var page = await host.GetAsync("/my/screenings");

        Assert.Contains("Private one", page.Text, StringComparison.Ordinal);
        Assert.Contains("Unlisted", page.Text, StringComparison.Ordinal);
        Assert.Contains("Public one", page.Text, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_never_show_an_unfilled_placeholder()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        var pages = new[]
        {
            await new WebSession(_app).GetAsync("/s/" + slug),
            await host.GetAsync("/s/" + slug),
            await host.GetAsync($"/s/{slug}/edit"),
            await host.GetAsync($"/s/{slug}/guests"),
            await host.GetAsync($"/s/{slug}/invite"),
            await host.GetAsync("/my/screenings"),
            await host.GetAsync("/account"),
        };

        Assert.Contains("You and up to 2 guests.", pages[0].Text, StringComparison.Ordinal);
        foreach (var page in pages)
        {
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotMatch(@"\{[0-9]\}", page.Text);
        }
    }
}
