namespace Campaign.Web.Tests;

/// <summary>The docs name what exists: every feature folder in architecture.md's table, every decision record in README.</summary>
public sealed class DocsTests
{
    [Fact]
    public void Every_feature_folder_has_a_row_in_the_architecture_feature_table()
    {
        var architecture = SourceTree.Read("docs", "architecture.md");
        var folders = Directory.GetDirectories(Path.Combine(SourceTree.WebProject, "Features")).Select(Path.GetFileName).Where(f => f != "Shared");

        var missing = folders.Where(f => !architecture.Contains($"| `Features/{f}` |", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "Missing from docs/architecture.md's feature table: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_decision_record_is_listed_in_the_readme()
    {
        var readme = SourceTree.Read("README.md");
        var records = Directory.GetFiles(Path.Combine(SourceTree.Root, "docs", "decisions"), "*.md").Select(Path.GetFileName);

        var missing = records.Where(r => !readme.Contains($"(docs/decisions/{r})", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, "Missing from README.md's list of decisions: " + string.Join(", ", missing));
    }
}
