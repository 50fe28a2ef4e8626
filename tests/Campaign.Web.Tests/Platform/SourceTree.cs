using System.Reflection;

namespace Campaign.Web.Tests;

/// <summary>The repository this test assembly was built from (set by the project file), for tests that read sources and docs.</summary>
public static class SourceTree
{
    public static string Root { get; } = typeof(SourceTree).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string WebProject => Path.Combine(Root, "src", "Campaign.Web");

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

    /// <summary>Every .cs and .cshtml file of the web project (not bin/obj/wwwroot), as (path relative to the project, text).</summary>
    public static IReadOnlyList<SourceFile> WebSources() =>
    [
        .. Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(WebProject, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal) && !f.StartsWith("wwwroot/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new SourceFile(f, File.ReadAllText(Path.Combine(WebProject, f)))),
    ];
}

public sealed record SourceFile(string Path, string Text);
