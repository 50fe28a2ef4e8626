using System.Globalization;
using Campaign.Domain.Rsvps;

namespace Campaign.Web.Tests;

/// <summary>Seats hold under load: many answers at once, and two app instances on one database (SQLite file, or SQL Server when CAMPAIGN_TEST_SQLSERVER is set).</summary>
public sealed class RsvpConcurrencyTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Two_hundred_concurrent_answers_fill_exactly_twenty_seats_and_waitlist_the_rest(string database)
    {
        using var store = TestDatabase.Create(database);
        using var app = new CampaignFactory(settings: store.With());
        var slug = await RsvpFlows.ScreeningAsync(app, capacity: 20);

        await FireAsync([new Guest(app, slug)], 200);

        AssertExactly(app, capacity: 20, answers: 200);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Two_app_instances_on_one_database_never_oversell(string database)
    {
        using var store = TestDatabase.Create(database, shared: true);
        using var first = new CampaignFactory(settings: store.With());
        var slug = await RsvpFlows.ScreeningAsync(first, capacity: 15);
        using var second = new CampaignFactory(settings: store.With(new Dictionary<string, string?> { ["Campaign:DataDirectory"] = first.DataDirectory }));

        await FireAsync([new Guest(first, slug), new Guest(second, slug)], 120);

        AssertExactly(first, capacity: 15, answers: 120);
        AssertExactly(second, capacity: 15, answers: 120);
    }

    private static async Task FireAsync(IReadOnlyList<Guest> guests, int answers)
    {
        foreach (var guest in guests)
        {
            await guest.OpenAsync();
        }

        var posts = Enumerable.Range(0, answers).Select(i =>
            guests[i % guests.Count].AnswerAsync(i.ToString("D3", CultureInfo.InvariantCulture)));
        var pages = await Task.WhenAll(posts);
        Assert.All(pages, p => Assert.True(p.Status.IsRedirect(), $"Expected a redirect, got {(int)p.Status}: {p.Text}"));
    }

    private static void AssertExactly(CampaignFactory app, int capacity, int answers)
    {
        Assert.Equal(capacity, app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Equal(capacity, app.WithDb(db => db.Rsvps.Count(r => r.Status == RsvpStatus.Confirmed)));
        Assert.Equal(answers - capacity, app.WithDb(db => db.Rsvps.Count(r => r.Status == RsvpStatus.Waitlisted)));
        Assert.Equal(answers, app.WithDb(db => db.OutboxMessages.Count(m => m.Kind == "rsvp-confirmed" || m.Kind == "rsvp-waitlisted")));
    }

    /// <summary>One visitor's cookie and antiforgery token, reused for many posts (the token stays valid for the session).</summary>
    private sealed class Guest(CampaignFactory app, string slug)
    {
        private readonly WebSession _session = new(app);
        private string? _token;

        public async Task OpenAsync() => _token = (await _session.GetAsync("/s/" + slug)).AntiforgeryToken;

        public Task<WebSession.Page> AnswerAsync(string n) =>
            _session.PostAsync($"/s/{slug}/rsvp", RsvpFlows.Fields("Guest " + n, $"guest{n}@example.org"), _token);
    }
}
