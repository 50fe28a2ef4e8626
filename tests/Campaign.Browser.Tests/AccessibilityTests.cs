using System.Diagnostics;
using Campaign.Web.Infrastructure;
using Campaign.Web.Tests.Platform.Proof;
using Xunit.Abstractions;

namespace Campaign.Browser.Tests;

/// <summary>The proof tests' app and seeded world, made once for the accessibility tour's tests.</summary>
public sealed class AxeWorld : IAsyncLifetime
{
    public ProofApp Proof { get; } = new();

    public Task InitializeAsync() => Proof.InitializeAsync();

    public Task DisposeAsync() => Proof.DisposeAsync();
}

/// <summary>
/// Issue 13, item 5: every HTML GET route, enumerated from the endpoint data source and filled from the seeded world, has
/// no WCAG 2.0/2.1 A or AA violation (axe-core, any impact) at 390 and 1280 px for anyone who may see it.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture, AxeWorld world, ITestOutputHelper output) : IClassFixture<AxeWorld>
{
    [BrowserFact]
    public async Task Every_html_get_route_passes_axe_at_390_and_1280_px_for_everyone_who_may_see_it()
    {
        var proof = world.Proof;
        var clock = Stopwatch.StartNew();
        await using var tour = AxeTour.For(proof, fixture.Browser);

        var problems = await tour.CheckAsync(proof.Endpoints);

        output.WriteLine(tour.Summary(clock.Elapsed));
        output.WriteLine("Visited: " + string.Join("; ", tour.Visited));
        Assert.True(tour.Visits > 30, $"Only {tour.Visits} pages were visited: the enumeration or the seeded world is broken.");
        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n" + string.Join("\n", problems));
    }

    [BrowserFact]
    public async Task The_tour_names_the_route_width_and_rule_of_a_violation_and_each_route_it_cannot_visit()
    {
        var proof = world.Proof;
        await using var tour = AxeTour.For(proof, fixture.Browser);
        var login = proof.Endpoints.Single(e => e.Method == "GET" && e.Pattern == "/account/login");
        AppEndpoint[] endpoints =
        [
            login,
            // A route with a parameter the world has no value for, and one the world's values cannot reach.
            new("GET", "/s/{slug}/nowhere/{widget}", Audience.Anyone, "made up"),
            new("GET", "/s/{slug}/nowhere", Audience.Anyone, "made up"),
        ];

        // The log-in form loses a field's label (a real page, broken the way a careless edit would break it).
        var problems = await tour.CheckAsync(endpoints, page => page.EvaluateAsync("() => document.querySelectorAll('main label').forEach(l => l.remove())"));

        output.WriteLine(string.Join("\n", problems));
        foreach (var width in new[] { 390, 1280 })
        {
            Assert.Contains(problems, p => p.StartsWith($"GET /account/login as Anonymous at {width} px (/account/login): axe label (", StringComparison.Ordinal));
        }

        Assert.Contains(problems, p => p.StartsWith("GET /s/{slug}/nowhere/{widget}: cannot be visited: No seeded value for {widget}", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("GET /s/{slug}/nowhere as Anonymous (/s/", StringComparison.Ordinal) && p.Contains("answered 404", StringComparison.Ordinal));
    }
}
