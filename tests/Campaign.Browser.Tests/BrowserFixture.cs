using Microsoft.Playwright;

namespace Campaign.Browser.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollectionDefinition : ICollectionFixture<BrowserFixture>
{
    // Two cores: Chromium, Kestrel and the test host share them, so page tests never run side by side.
    public const string Name = "Browser";
}

/// <summary>One app and one Chromium for the whole collection; each test gets a fresh browser context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private CampaignAppFactory? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public CampaignAppFactory App => _app ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The collection's Chromium, for a test that makes its own contexts (the axe tour of every route).</summary>
    public IBrowser Browser => _browser ?? FailWithoutChromium();

    public async Task InitializeAsync()
    {
        // Only reached when a test runs: skipped tests never start the fixture.
        if (!Chromium.IsInstalled)
        {
            return;
        }

        _app = new CampaignAppFactory();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
    }

    /// <summary>A new context and page that records every request and every dialog.</summary>
    public Task<BrowserSession> NewSessionAsync(BrowserNewContextOptions? options = null) =>
        NewSessionAsync(_browser ?? FailWithoutChromium(), options);

    /// <summary>A new context and page in <paramref name="browser"/> (e.g. one launched with a fake camera).</summary>
    public async Task<BrowserSession> NewSessionAsync(IBrowser browser, BrowserNewContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(browser);
        options ??= new BrowserNewContextOptions();
        options.BaseURL = App.RootUri.ToString();
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(App, context, page);
    }

    /// <summary>
    /// A Chromium of its own with extra switches (the fake camera's file is chosen at launch, so it cannot be shared);
    /// the caller closes it.
    /// </summary>
    public Task<IBrowser> LaunchAsync(params string[] extraArgs)
    {
        if (_playwright is null)
        {
            FailWithoutChromium();
        }

        return _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = [.. Chromium.Args, .. extraArgs],
        });
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static IBrowser FailWithoutChromium()
    {
        Assert.Fail($"Browser tests need Chromium at {Chromium.ExecutablePath} ({Chromium.RequireVariable}=1 is set, so they fail instead of skipping). "
            + "Install it with: apt-get install chromium");
        throw new System.Diagnostics.UnreachableException();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
