using Microsoft.Playwright;

namespace Campaign.Browser.Tests;

/// <summary>
/// Quick exit (issue 16, ADR 0024): "Leave this page quickly" and Esc twice replace the page with the configured neutral
/// site (Campaign:QuickExitUrl, by default https://www.google.com/), so Back does not return to it. The neutral site is
/// answered by Playwright here; nothing may be asked of it before the click.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class QuickExitTests(BrowserFixture fixture)
{
    private const string Exit = "https://www.google.com/";

    private static async Task<BrowserSession> SessionAsync(BrowserFixture fixture, int width = 390, int height = 844)
    {
        var session = await fixture.NewSessionAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        await session.Context.RouteAsync(Exit + "**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "text/html",
            Body = "<!doctype html><title>Search</title><h1>A neutral page</h1>",
        }));
        return session;
    }

    private static bool AskedTheExit(BrowserSession session) => session.Requests.Any(u => u.StartsWith(Exit, StringComparison.Ordinal));

    [BrowserFact]
    public async Task Esc_twice_replaces_the_page_so_back_does_not_return_to_it()
    {
        await using var session = await SessionAsync(fixture);
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GotoAsync("/privacy");
        var before = await page.EvaluateAsync<int>("() => history.length");

        // One press, then another after more than a second: not a quick exit.
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(1200);
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(300);
        Assert.EndsWith("/privacy", page.Url, StringComparison.Ordinal);
        Assert.False(AskedTheExit(session), "Nothing is loaded from the neutral site before the exit.");
        session.AssertOnlyOwnOriginWasContacted();

        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForURLAsync(Exit);
        Assert.Equal("A neutral page", await page.InnerTextAsync("h1"));
        // Replaced, not pushed: the history is as long as before, and Back skips the page that was open.
        Assert.Equal(before, await page.EvaluateAsync<int>("() => history.length"));
        await page.GoBackAsync();
        Assert.Equal(fixture.App.Url("/").ToString(), page.Url);
    }

    [BrowserFact]
    public async Task Esc_is_left_to_an_open_menu_or_dialog()
    {
        await using var session = await SessionAsync(fixture);
        var page = session.Page;
        await page.GotoAsync("/screenings");

        await page.ClickAsync("#site-menu-button");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(300);
        Assert.EndsWith("/screenings", page.Url, StringComparison.Ordinal);

        await page.WaitForTimeoutAsync(1100);
        await page.EvaluateAsync("() => { const d = document.createElement('dialog'); d.textContent = 'A dialog'; document.body.append(d); d.showModal(); }");
        await page.Keyboard.PressAsync("Escape");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(300);
        Assert.EndsWith("/screenings", page.Url, StringComparison.Ordinal);
        Assert.False(AskedTheExit(session));
    }

    [BrowserFact]
    public async Task The_control_is_visible_and_big_enough_at_390_and_320_px_and_explains_once()
    {
        foreach (var (width, height) in new[] { (390, 844), (320, 640) })
        {
            await using var session = await SessionAsync(fixture, width, height);
            var page = session.Page;
            await page.GotoAsync("/help");
            var exit = page.Locator("#quick-exit-link");
            var box = await exit.BoundingBoxAsync();
            Assert.NotNull(box);
            Assert.True(box.Height >= 44 && box.Width >= 44, $"{width} px: {box.Width}x{box.Height}");
            Assert.True(box.X >= 0 && box.X + box.Width <= width && box.Y >= 0 && box.Y + box.Height <= height, $"{width} px: at {box.X},{box.Y}");
            Assert.Equal("Leave this page quickly", (await exit.InnerTextAsync()).Trim());
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{width} px scrolls sideways");

            // The first page of a visit says what quick exit cannot do; the next one does not repeat it.
            var note = page.Locator("#quick-exit-note");
            Assert.True(await note.IsVisibleAsync());
            Assert.Contains("stay in your browser's history", await note.InnerTextAsync(), StringComparison.Ordinal);
            await page.ClickAsync("#quick-exit-note-dismiss");
            Assert.False(await note.IsVisibleAsync());
            Assert.Equal("quick-exit-link", await page.EvaluateAsync<string>("() => document.activeElement.id"));
            await page.GotoAsync("/privacy");
            Assert.False(await page.Locator("#quick-exit-note").IsVisibleAsync());
            Assert.Empty(await session.Context.CookiesAsync());

            // Scrolled down, the control is still on screen, and clear of the page's own heading when jumped to.
            await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
            var scrolled = await exit.BoundingBoxAsync();
            Assert.NotNull(scrolled);
            Assert.True(scrolled.Y >= 0 && scrolled.Y + scrolled.Height <= height, $"{width} px: scrolled away");
        }
    }

    [BrowserFact]
    public async Task A_tap_on_the_control_replaces_the_page_with_the_neutral_site()
    {
        await using var session = await SessionAsync(fixture);
        var page = session.Page;
        await page.GotoAsync("/screenings");
        await page.GotoAsync("/help");
        var before = await page.EvaluateAsync<int>("() => history.length");
        await page.ClickAsync("#quick-exit-link");
        await page.WaitForURLAsync(Exit);
        Assert.Equal(before, await page.EvaluateAsync<int>("() => history.length"));
        await page.GoBackAsync();
        Assert.EndsWith("/screenings", page.Url, StringComparison.Ordinal);
    }
}
