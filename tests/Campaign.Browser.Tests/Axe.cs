using System.Reflection;
using System.Text.Json;
using Microsoft.Playwright;

namespace Campaign.Browser.Tests;

/// <summary>
/// axe-core (npm, restored into this project's axe/node_modules) run inside a page. Reusable: pass the rules or tags to
/// check, get back what a person would be told about each violation.
/// </summary>
public static class Axe
{
    /// <summary>WCAG 2.0 and 2.1, levels A and AA: the set every page is held to.</summary>
    public static readonly string[] Wcag21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly string[] ViolationsOnly = ["violations"];

    private static readonly Lazy<string> ScriptPath = new(() =>
    {
        var path = typeof(Axe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "AxeScript").Value!;
        Assert.True(File.Exists(path), $"axe-core is missing at {path}: the build restores it with npm ci in tests/Campaign.Browser.Tests/axe.");
        return path;
    });

    /// <summary>One violated rule: its id, what it means, and the elements that break it (CSS selectors and a snippet).</summary>
    public sealed record Violation(string Rule, string Impact, string Help, IReadOnlyList<string> Targets)
    {
        public override string ToString() => $"{Rule} ({Impact}): {Help}\n      " + string.Join("\n      ", Targets);
    }

    /// <summary>Runs axe on the page as it is now, limited to rules with any of <paramref name="tags"/> (default: WCAG 2.1 A/AA).</summary>
    public static async Task<IReadOnlyList<Violation>> RunAsync(IPage page, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // The page's CSP allows no inline script: the test's context is made with BypassCSP (see Session).
            await page.AddScriptTagAsync(new() { Path = ScriptPath.Value });
        }

        var options = JsonSerializer.Serialize(new { runOnly = new { type = "tag", values = (tags ?? Wcag21AA).ToArray() }, resultTypes = ViolationsOnly });
        var json = await page.EvaluateAsync<string>(
            "async options => JSON.stringify((await axe.run(document, JSON.parse(options))).violations.map(v => ({ rule: v.id, impact: v.impact || '', help: v.help, targets: v.nodes.map(n => n.target.join(' ') + '  ' + n.html.slice(0, 160) + (n.failureSummary ? '  -> ' + n.failureSummary.replace(/\\s+/g, ' ') : '')) })))",
            options);
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(v => new Violation(
            v.GetProperty("rule").GetString()!,
            v.GetProperty("impact").GetString()!,
            v.GetProperty("help").GetString()!,
            [.. v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()!)]))];
    }

    /// <summary>
    /// Context options for a session that runs axe: injecting its script needs the page's CSP bypassed. Use such a
    /// session for accessibility checks only; the CSP itself is asserted by the tests that run without it.
    /// </summary>
    public static BrowserNewContextOptions Session(BrowserNewContextOptions? options = null)
    {
        options ??= new BrowserNewContextOptions();
        options.BypassCSP = true;
        return options;
    }
}
