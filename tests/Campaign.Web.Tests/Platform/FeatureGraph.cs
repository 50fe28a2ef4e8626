using System.Text.RegularExpressions;

namespace Campaign.Web.Tests;

/// <summary>
/// Reads the feature graph drawn in docs/architecture.md and finds every use of one feature by another in the web
/// project's C# and Razor sources. An arrow A -> B lets Features/A use Features/B and whatever B may use; anything else
/// is a violation. Shared plumbing (Web/Infrastructure, Web/Mail, the root of Features/) may use no feature at all.
/// </summary>
public static partial class FeatureGraph
{
    public const string Shared = "(shared plumbing)";

    /// <summary>The arrows in the fenced block under "## Feature graph", one "A -> B" per line.</summary>
    public static IReadOnlyList<(string From, string To)> Declared(string architectureMarkdown)
    {
        var start = architectureMarkdown.IndexOf("\n## Feature graph", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no '## Feature graph' section.");
        var fence = architectureMarkdown.IndexOf("```", start, StringComparison.Ordinal);
        var end = architectureMarkdown.IndexOf("```", fence + 3, StringComparison.Ordinal);
        return [.. architectureMarkdown[fence..end].Split('\n').Select(l => Arrow().Match(l)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))];
    }

    /// <summary>Features reachable from each feature over the declared arrows (itself excluded).</summary>
    public static IReadOnlyDictionary<string, HashSet<string>> Reachable(IEnumerable<(string From, string To)> arrows)
    {
        var next = arrows.GroupBy(a => a.From).ToDictionary(g => g.Key, g => g.Select(a => a.To).ToList());
        var result = new Dictionary<string, HashSet<string>>();
        foreach (var from in next.Keys)
        {
            var seen = new HashSet<string>();
            var stack = new Stack<string>(next[from]);
            while (stack.TryPop(out var node))
            {
                if (seen.Add(node) && next.TryGetValue(node, out var more))
                {
                    more.ForEach(stack.Push);
                }
            }

            result[from] = seen;
        }

        return result;
    }

    /// <summary>Who owns a file: a feature folder's name, <see cref="Shared"/>, or null for the composition root (Program, WebSetup).</summary>
    public static string? Owner(string path)
    {
        var parts = path.Split('/');
        return parts[0] switch
        {
            "Features" when parts.Length > 2 => parts[1],
            "Features" or "Infrastructure" or "Mail" => Shared,
            _ => null,
        };
    }

    /// <summary>Every (file, feature it uses, how) where the owner of the file is not allowed to use that feature.</summary>
    public static IReadOnlyList<Violation> Violations(IReadOnlyList<SourceFile> files, IEnumerable<(string From, string To)> arrows)
    {
        var reachable = Reachable(arrows);
        var features = files.Select(f => Owner(f.Path)).Where(o => o is not null && o != Shared).Distinct().Select(o => o!).ToList();
        var typesOf = features.ToDictionary(f => f, f => files.Where(x => Owner(x.Path) == f && x.Path.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(x => TypeDeclaration().Matches(x.Text).Select(m => m.Groups[1].Value)).ToHashSet());
        var violations = new List<Violation>();
        foreach (var file in files)
        {
            var owner = Owner(file.Path);
            if (owner is null)
            {
                continue;
            }

            foreach (var feature in features.Where(f => f != owner))
            {
                var allowed = owner != Shared && reachable.TryGetValue(owner, out var r) && r.Contains(feature);
                if (!allowed && Uses(file.Text, feature, typesOf[feature]) is { } how)
                {
                    violations.Add(new Violation(file.Path, owner, feature, how));
                }
            }
        }

        return violations;
    }

    /// <summary>How <paramref name="text"/> uses <paramref name="feature"/>, or null when it does not.</summary>
    public static string? Uses(string text, string feature, IReadOnlySet<string> featureTypes)
    {
        var f = Regex.Escape(feature);
        if (Regex.Match(text, $@"\busing\s+(?:static\s+)?(?:\w+\s*=\s*)?(?:global::)?Campaign\.Web\.Features\.{f}\b") is { Success: true } u)
        {
            return "using: " + u.Value;
        }

        if (Regex.Match(text, $@"\bFeatures\.{f}\.\w+") is { Success: true } q)
        {
            return "qualified name: " + q.Value;
        }

        // Relative to Campaign.Web.Features, which every feature's namespace (and every view, through _ViewImports) sees.
        foreach (Match m in Regex.Matches(text, $@"(?<![\w.]){f}\.(\w+)"))
        {
            if (featureTypes.Contains(m.Groups[1].Value))
            {
                return "qualified name: " + m.Value;
            }
        }

        // Views invoke view components by name: Component.InvokeAsync("Name") or <vc:kebab-name>.
        foreach (var component in featureTypes.Where(t => t.EndsWith("ViewComponent", StringComparison.Ordinal) && t.Length > "ViewComponent".Length))
        {
            var name = component[..^"ViewComponent".Length];
            if (Regex.Match(text, $@"InvokeAsync\(\s*""{Regex.Escape(name)}""|<vc:{Regex.Escape(Kebab(name))}\b") is { Success: true } v)
            {
                return "view component: " + v.Value;
            }
        }

        if (Regex.Match(text, $@"[""~]/?Features/{f}/[^""]*") is { Success: true } p)
        {
            return "view path: " + p.Value;
        }

        return null;
    }

    private static string Kebab(string name) => KebabBoundary().Replace(name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex(@"^\s*(\w+)\s*->\s*(\w+)\s*$")]
    private static partial Regex Arrow();

    [GeneratedRegex(@"\b(?:class|record(?:\s+struct|\s+class)?|struct|interface|enum)\s+([A-Z]\w*)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}

public sealed record Violation(string File, string Owner, string Uses, string How)
{
    public override string ToString() => $"{File}: {Owner} uses {Uses} ({How})";
}
