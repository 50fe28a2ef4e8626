namespace Campaign.Web.Tests;

/// <summary>Features point one way: the graph in docs/architecture.md, held against the C# and Razor sources.</summary>
public sealed class FeatureGraphTests
{
    private static readonly IReadOnlyList<(string From, string To)> Arrows = FeatureGraph.Declared(SourceTree.Read("docs", "architecture.md"));

    [Fact]
    public void The_drawn_feature_graph_names_real_features_and_has_no_loop()
    {
        var folders = Directory.GetDirectories(Path.Combine(SourceTree.WebProject, "Features")).Select(Path.GetFileName).ToHashSet();
        Assert.NotEmpty(Arrows);
        Assert.All(Arrows, a =>
        {
            Assert.Contains(a.From, folders);
            Assert.Contains(a.To, folders);
        });
        var reachable = FeatureGraph.Reachable(Arrows);
        Assert.All(reachable, r => Assert.DoesNotContain(r.Key, r.Value));
    }

    [Fact]
    public void No_feature_uses_a_feature_it_has_no_arrow_to_and_shared_plumbing_uses_none()
    {
        var violations = FeatureGraph.Violations(SourceTree.WebSources(), Arrows);
        Assert.True(violations.Count == 0, "Back-references:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void No_global_using_brings_a_feature_namespace_everywhere()
    {
        var global = SourceTree.WebSources().Where(f => f.Text.Contains("global using Campaign.Web.Features", StringComparison.Ordinal)).Select(f => f.Path);
        Assert.Empty(global);
    }

    public static TheoryData<string, string, string, string> Planted => new()
    {
        // file to plant in, line planted, feature it reaches back to, kind reported
        { "Features/Tickets/TicketBook.cs", "using Campaign.Web.Features.Rsvps;", "Rsvps", "using" },
        { "Features/Calendar/CalendarFeeds.cs", "// <see cref=\"Campaign.Web.Features.Screenings.ScreeningPages\"/>\nstatic object X => typeof(Campaign.Web.Features.Screenings.ScreeningPages);", "Screenings", "qualified name" },
        { "Features/Tickets/TicketService.cs", "static object X => typeof(Rsvps.RsvpMails);", "Rsvps", "qualified name" },
        { "Features/Tickets/Show.cshtml", "@await Component.InvokeAsync(\"RsvpForm\", new { screening = Model.Screening })", "Rsvps", "view component" },
        { "Features/Calendar/Mine.cshtml", "<vc:rsvp-form screening=\"null\"></vc:rsvp-form>", "Rsvps", "view component" },
        { "Features/Tickets/Show.cshtml", "<partial name=\"/Features/Rsvps/_PartyFields.cshtml\" />", "Rsvps", "view path" },
        { "Features/CheckIn/Scanner.cshtml", "@(typeof(Campaign.Web.Features.Guests.GuestListService))", "Guests", "qualified name" },
        { "Mail/GuestMails.cs", "using Campaign.Web.Features.Tickets;", "Tickets", "using" },
        { "Infrastructure/ScreeningAccess.cs", "static object X => typeof(Features.CheckIn.DoorCache);", "CheckIn", "qualified name" },
    };

    [Theory]
    [MemberData(nameof(Planted))]
    public void A_planted_back_reference_is_caught(string file, string planted, string feature, string kind)
    {
        var sources = SourceTree.WebSources();
        Assert.Contains(sources, s => s.Path == file);
        var tampered = sources.Select(s => s.Path == file ? s with { Text = planted + "\n" + s.Text } : s).ToList();

        var violations = FeatureGraph.Violations(tampered, Arrows);

        var caught = Assert.Single(violations);
        Assert.Equal(file, caught.File);
        Assert.Equal(feature, caught.Uses);
        Assert.StartsWith(kind + ":", caught.How, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_arrow_is_not_reported()
    {
        // Rsvps -> Tickets is drawn: the RSVP feature issues tickets.
        Assert.Null(FeatureGraph.Violations(SourceTree.WebSources(), Arrows).FirstOrDefault(v => v.Owner == "Rsvps" && v.Uses == "Tickets"));
        Assert.NotNull(FeatureGraph.Uses(SourceTree.Read("src", "Campaign.Web", "Features", "Rsvps", "WaitlistPromoter.cs"), "Tickets", new HashSet<string> { "TicketBook" }));
    }
}
