using System.Net;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Time;

namespace Campaign.Web.Tests;

public sealed class DirectoryTests : IDisposable
{
    private readonly CampaignFactory _app = new();
    private readonly string _hostId;

    public DirectoryTests()
    {
        _hostId = _app.WithDb(db =>
        {
            var host = new ApplicationUser { UserName = "host@example.org", Email = "host@example.org", EmailConfirmed = true, DisplayName = "Host" };
            db.Users.Add(host);
            db.SaveChanges();
            return host.Id;
        });
    }

    public void Dispose() => _app.Dispose();

    private DateTime Now => _app.Clock.GetUtcNow().UtcDateTime;

    /// <summary>A public screening approved at once (as for a trusted host), stored directly: these tests are about reading.</summary>
    private Screening Add(string title, DateTime localStart, string zone = "America/New_York", string city = "Albany", string region = "NY", string postal = "12207", string country = "US", ScreeningVisibility visibility = ScreeningVisibility.Public)
    {
        var start = ZoneClock.ToUtc(localStart, zone).Utc!.Value;
        var screening = Screening.Create(_hostId, new ScreeningDetails
        {
            Title = title,
            StartUtc = start,
            StartLocal = localStart,
            EndUtc = start.AddHours(2),
            TimeZoneId = zone,
            Place = ScreeningPlace.Venue("Hall", "1 Main St", city, region, postal, country),
            Capacity = 20,
            Visibility = visibility,
        }, hostIsTrusted: true, Now);
        _app.WithDb(db =>
        {
            db.Screenings.Add(screening);
            return db.SaveChanges();
        });
        return screening;
    }

    private async Task<WebSession.Page> DirectoryAsync(string query = "") => await new WebSession(_app).GetAsync("/screenings" + query);

    private static List<string> TitlesIn(WebSession.Page page) =>
        [.. System.Text.RegularExpressions.Regex.Matches(page.Html, "<h3><a href=\"/s/[^\"]+\">([^<]+)</a></h3>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))];

    [Fact]
    public async Task One_listed_screening_is_counted_in_the_singular_under_a_heading_of_its_own()
    {
        Add("Only one", Now.Date.AddDays(10).AddHours(19));

        var page = await DirectoryAsync();

        Assert.Contains("1 upcoming screening", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 upcoming screenings", page.Text, StringComparison.Ordinal);
        // Whether seats are left, not how many: the host did not choose to show the number (ADR 0024).
        Assert.Contains("Seats available", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("20 seats left", page.Text, StringComparison.Ordinal);
        // The cards' h3 headings sit under an h2 (the count), not straight under the h1.
        Assert.Matches("<h2[^>]*>1 upcoming screening</h2>", page.Html);
    }

    [Fact]
    public async Task Upcoming_public_screenings_are_listed_soonest_first_with_links()
    {
        var today = Now.Date;
        Add("Third", today.AddDays(30).AddHours(19));
        var first = Add("First", today.AddDays(2).AddHours(19));
        Add("Second", today.AddDays(10).AddHours(19), "Europe/London", "Leeds", "England", "LS1 4AP", "GB");

        var page = await DirectoryAsync();

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["First", "Second", "Third"], TitlesIn(page));
        Assert.Contains($"href=\"/s/{first.Slug}\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Leeds, England, United Kingdom", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 Main St", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_unpublished_unlisted_pending_and_past_screenings_are_not_listed()
    {
        var today = Now.Date;
        Add("Listed", today.AddDays(5).AddHours(19));
        Add("Unlisted", today.AddDays(5).AddHours(19), visibility: ScreeningVisibility.Unlisted);
        var cancelled = Add("Cancelled", today.AddDays(5).AddHours(19));
        var unpublished = Add("Unpublished", today.AddDays(5).AddHours(19));
        Add("Past", today.AddDays(3).AddHours(19));
        _app.WithDb(db =>
        {
            db.Attach(cancelled).Entity.Cancel("rain", Now);
            db.Attach(unpublished).Entity.Unpublish("spam", Now);
            return db.SaveChanges();
        });
        _app.WithDb(db =>
        {
            db.Screenings.Add(Screening.Create(_hostId, new ScreeningDetails
            {
                Title = "Pending",
                StartUtc = Now.AddDays(6),
                StartLocal = Now.AddDays(6),
                EndUtc = Now.AddDays(6).AddHours(2),
                TimeZoneId = "UTC",
                Place = ScreeningPlace.Online("https://meet.example.org/x"),
                Capacity = 5,
                Visibility = ScreeningVisibility.Public,
            }, hostIsTrusted: false, Now));
            return db.SaveChanges();
        });
        _app.Clock.Advance(TimeSpan.FromDays(4));

        var page = await DirectoryAsync();

        Assert.Equal(["Listed"], TitlesIn(page));
    }

    [Fact]
    public async Task Filters_by_city_region_postal_prefix_and_country()
    {
        var day = Now.Date.AddDays(7).AddHours(19);
        Add("Albany", day);
        Add("Buffalo", day, city: "Buffalo", postal: "14201");
        Add("Boston", day, city: "Boston", region: "MA", postal: "02108");
        Add("Leeds", day, "Europe/London", "Leeds", "England", "LS1 4AP", "GB");

        Assert.Equal(["Albany"], TitlesIn(await DirectoryAsync("?City=albany")));
        Assert.Equal(["Albany", "Buffalo"], TitlesIn(await DirectoryAsync("?Region=NY")).Order().ToList());
        Assert.Equal(["Buffalo"], TitlesIn(await DirectoryAsync("?Postal=142")));
        Assert.Equal(["Leeds"], TitlesIn(await DirectoryAsync("?Country=GB")));
        Assert.Equal(["Leeds"], TitlesIn(await DirectoryAsync("?Postal=ls1")));
        Assert.Empty(TitlesIn(await DirectoryAsync("?City=%25")));
        Assert.Contains("No upcoming public screenings match", (await DirectoryAsync("?City=Nowhere")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Date_range_uses_each_screenings_own_local_date()
    {
        var year = Now.Year + 1;
        // 20:00 in New York on 10 June is already 11 June in UTC; it still counts as 10 June.
        Add("Late in New York", new DateTime(year, 6, 10, 20, 0, 0));
        Add("Next day", new DateTime(year, 6, 11, 19, 0, 0));
        Add("Later", new DateTime(year, 6, 20, 19, 0, 0));

        Assert.Equal(["Late in New York"], TitlesIn(await DirectoryAsync($"?From={year}-06-10&To={year}-06-10")));
        Assert.Equal(["Next day", "Later"], TitlesIn(await DirectoryAsync($"?From={year}-06-11")));
        Assert.Equal(["Late in New York", "Next day"], TitlesIn(await DirectoryAsync($"?To={year}-06-11")));
    }

    [Fact]
    public async Task Long_lists_are_paged_twenty_at_a_time()
    {
        for (var i = 0; i < 25; i++)
        {
            Add($"Screening {i:00}", Now.Date.AddDays(2 + i).AddHours(19));
        }

        var first = await DirectoryAsync();
        Assert.Equal(20, TitlesIn(first).Count);
        Assert.Contains("25 upcoming screenings", first.Text, StringComparison.Ordinal);
        Assert.Contains("rel=\"next\"", first.Html, StringComparison.Ordinal);

        var second = await DirectoryAsync("?Page=2");
        Assert.Equal(["Screening 20", "Screening 21", "Screening 22", "Screening 23", "Screening 24"], TitlesIn(second));
        Assert.DoesNotContain("rel=\"next\"", second.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("?Page=-3")]
    [InlineData("?Page=abc")]
    [InlineData("?From=not-a-date")]
    [InlineData("?Country=TOOLONG")]
    public async Task Nonsense_filters_still_show_the_directory(string query)
    {
        Add("Listed", Now.Date.AddDays(5).AddHours(19));
        var page = await DirectoryAsync(query);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Listed"], TitlesIn(page));
    }
}
