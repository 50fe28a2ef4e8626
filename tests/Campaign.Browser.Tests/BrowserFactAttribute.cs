namespace Campaign.Browser.Tests;

/// <summary>
/// A browser test: skipped where Debian's Chromium is not installed, unless CAMPAIGN_REQUIRE_BROWSER=1,
/// in which case it runs and fails with a clear message (CI must not go green by skipping every page test).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!Chromium.IsInstalled && !Chromium.IsRequired)
        {
            Skip = $"{Chromium.ExecutablePath} is not installed (apt-get install chromium); set {Chromium.RequireVariable}=1 to fail instead of skipping.";
        }
    }
}

internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";
    public const string RequireVariable = "CAMPAIGN_REQUIRE_BROWSER";

    // Playwright cannot download browsers here; these flags keep Debian's Chromium quiet and offline.
    public static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static bool IsInstalled => File.Exists(ExecutablePath);

    public static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";
}
