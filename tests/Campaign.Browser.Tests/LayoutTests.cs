using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>
/// Phone first (issue 14): every main page fits from 320 px and keeps its heading and main action in the first screen.
/// Accessibility (axe) is checked on every route, not only these, by <see cref="AccessibilityTests"/>.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class LayoutTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly (int Width, int Height)[] Sizes = [(320, 640), (390, 844), (1280, 800)];

    private static string ScreenshotFolder => Path.Combine(Path.GetTempPath(), "campaign-layout");

    [BrowserFact]
    public async Task Every_main_page_fits_from_320_px_and_shows_its_heading_and_action_first()
    {
        var tour = await SiteTour.BuildAsync(fixture);
        try
        {
            Directory.CreateDirectory(ScreenshotFolder);
            var problems = new List<string>();
            var visited = 0;
            foreach (var (session, pages) in new[] { (tour.Guest, tour.GuestPages), (tour.Host, tour.HostPages), (tour.Staff, tour.StaffPages) })
            {
                foreach (var tourPage in pages)
                {
                    problems.AddRange(await CheckPageAsync(session.Page, tourPage));
                    visited++;
                }
            }

            output.WriteLine($"{visited} pages at {Sizes.Length} widths; screenshots at 390 px in {ScreenshotFolder}");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
            tour.Guest.AssertOnlyOwnOriginWasContacted();
            tour.Host.AssertOnlyOwnOriginWasContacted();
            tour.Staff.AssertOnlyOwnOriginWasContacted();
        }
        finally
        {
            await tour.DisposeAsync();
        }
    }

    private async Task<List<string>> CheckPageAsync(IPage page, TourPage tourPage)
    {
        var problems = new List<string>();
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            var response = await page.GotoAsync(tourPage.Path);
            var where = $"{tourPage.Name} ({tourPage.Path}) at {width} px";
            if (response is null || !response.Ok)
            {
                problems.Add($"{where}: status {response?.Status}");
                continue;
            }

            var fit = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (fit[0] > fit[1])
            {
                var wide = await page.EvaluateAsync<string>(WidestElementsScript);
                problems.Add($"{where}: scrolls sideways, scrollWidth {fit[0]} > innerWidth {fit[1]}; too wide: {wide}");
            }

            if (width == 390)
            {
                await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, Regex.Replace(tourPage.Name.ToLowerInvariant(), "[^a-z0-9]+", "-") + ".png") });
                foreach (var (label, selector) in new[] { ("the h1", "h1"), ("the primary action", tourPage.PrimaryAction) })
                {
                    var box = await page.Locator(selector).First.BoundingBoxAsync();
                    if (box is null || box.Y < 0 || box.Y + Math.Min(box.Height, 44) > height || box.Width <= 0)
                    {
                        problems.Add($"{where}: {label} ({selector}) is not within the first screen (box: {(box is null ? "none" : $"y {box.Y:F0}, height {box.Height:F0}")})");
                    }
                }

                problems.AddRange((await page.EvaluateAsync<string[]>(StructureScript)).Select(p => $"{where}: {p}"));
                problems.AddRange((await page.EvaluateAsync<string[]>(SmallTargetsScript)).Select(p => $"{where}: tap target under 44 px: {p}"));
            }
        }

        return problems;
    }

    [BrowserFact]
    public async Task Axe_reports_faint_text_and_an_unlabelled_field_so_a_clean_page_means_something()
    {
        await using var session = await fixture.NewSessionAsync(Axe.Session());
        var page = session.Page;
        await page.GotoAsync("/privacy");
        Assert.Empty(await Axe.RunAsync(page));

        await page.EvaluateAsync("""
            () => {
              const p = document.createElement('p');
              p.textContent = 'Too faint to read';
              p.style.color = '#c8c8c8';
              document.querySelector('main').append(p, document.createElement('input'));
            }
            """);
        var rules = (await Axe.RunAsync(page)).Select(v => v.Rule).ToList();
        Assert.Contains("color-contrast", rules);
        Assert.Contains("label", rules);
    }

    [BrowserFact]
    public async Task At_390_px_the_menu_button_opens_every_nav_item_for_guests_hosts_and_staff()
    {
        var tour = await SiteTour.BuildAsync(fixture);
        try
        {
            foreach (var (session, expected) in new[]
            {
                (tour.Guest, new[] { "Find a screening", "Host a screening", "Mail", "Log in", "Register" }),
                (tour.Host, new[] { "Find a screening", "Host a screening", "My screenings", "Mail", "Account", "Log out" }),
                (tour.Staff, new[] { "Find a screening", "Host a screening", "My screenings", "Staff", "Mail", "Account", "Log out" }),
            })
            {
                var page = session.Page;
                await page.SetViewportSizeAsync(390, 844);
                await page.GotoAsync("/");
                var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Site" });
                var menu = page.GetByText("Menu", new() { Exact = true });
                // Closed: the items are hidden until the button is pressed.
                await Expect(nav.GetByRole(AriaRole.Link, new() { Name = expected[0] })).ToBeHiddenAsync();
                await menu.ClickAsync();
                await AssertItemsAsync(nav, expected);
                Assert.Equal(expected.Length, await nav.Locator("li").CountAsync());

                // Keyboard: Escape closes the menu and leaves the focus on its button; Enter opens it again.
                await page.Keyboard.PressAsync("Escape");
                await Expect(nav.GetByRole(AriaRole.Link, new() { Name = expected[0] })).ToBeHiddenAsync();
                await Expect(page.Locator("#site-menu-button")).ToBeFocusedAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(nav.GetByRole(AriaRole.Link, new() { Name = expected[0] })).ToBeVisibleAsync();
                await page.Keyboard.PressAsync("Tab");
                await Expect(nav.GetByRole(AriaRole.Link, new() { Name = expected[0] })).ToBeFocusedAsync();

                // Following an item works from the open menu.
                await nav.GetByRole(AriaRole.Link, new() { Name = "Find a screening" }).ClickAsync();
                await Expect(page).ToHaveURLAsync(new Regex("/screenings$"));
                await Expect(page.Locator("h1")).ToHaveTextAsync("Find a screening");

                // Wide screens show the same items without a button.
                await page.SetViewportSizeAsync(1280, 800);
                await Expect(menu).ToBeHiddenAsync();
                await AssertItemsAsync(nav, expected);
            }
        }
        finally
        {
            await tour.DisposeAsync();
        }
    }

    private static async Task AssertItemsAsync(ILocator nav, string[] expected)
    {
        foreach (var name in expected)
        {
            var item = name == "Log out" ? nav.GetByRole(AriaRole.Button, new() { Name = name }) : nav.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
            await Expect(item).ToBeVisibleAsync();
            await Expect(item).ToBeInViewportAsync();
            var box = await item.BoundingBoxAsync();
            Assert.True(box!.Height >= 44, $"'{name}' is {box.Height} px high");
        }
    }

    [BrowserFact]
    public async Task Without_JavaScript_the_menu_opens_and_its_items_work()
    {
        await using var session = await fixture.NewSessionAsync(new BrowserNewContextOptions { JavaScriptEnabled = false, ViewportSize = new() { Width = 320, Height = 640 } });
        var page = session.Page;
        await page.GotoAsync("/privacy");
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Site" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Register" })).ToBeHiddenAsync();
        await page.GetByText("Menu", new() { Exact = true }).ClickAsync();
        await AssertItemsAsync(nav, ["Find a screening", "Host a screening", "Mail", "Log in", "Register"]);
        await nav.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Create an account");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [BrowserFact]
    public async Task Site_has_its_own_favicon_app_icons_and_manifest_from_its_own_origin()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        Assert.Equal("/favicon.svg", new Uri(await page.Locator("link[rel=icon][type='image/svg+xml']").EvaluateAsync<string>("l => l.href")).AbsolutePath);
        foreach (var (selector, type) in new[]
        {
            ("link[rel=icon][type='image/svg+xml']", "image/svg+xml"),
            ("link[rel=icon][type='image/png']", "image/png"),
            ("link[rel=apple-touch-icon]", "image/png"),
            ("link[rel=manifest]", "application/manifest+json"),
        })
        {
            var href = await page.Locator(selector).EvaluateAsync<string>("l => l.href");
            Assert.StartsWith(fixture.App.Origin + "/", href, StringComparison.Ordinal);
            var response = await page.APIRequest.GetAsync(href);
            Assert.True(response.Ok, $"{href}: {response.Status}");
            Assert.StartsWith(type, response.Headers["content-type"], StringComparison.Ordinal);
        }

        var manifest = await (await page.APIRequest.GetAsync("/site.webmanifest")).JsonAsync();
        foreach (var icon in manifest!.Value.GetProperty("icons").EnumerateArray())
        {
            var src = icon.GetProperty("src").GetString()!;
            var image = await page.APIRequest.GetAsync(src);
            Assert.True(image.Ok, src);
            if (src.EndsWith(".png", StringComparison.Ordinal))
            {
                // PNG header: width and height (big-endian) at bytes 16 and 20 match the declared size.
                var bytes = await image.BodyAsync();
                var size = $"{(bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]}x{(bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]}";
                Assert.Equal(icon.GetProperty("sizes").GetString(), size);
            }
        }

        session.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task Ticket_prints_as_a_ticket_with_its_code_name_time_and_place_and_nothing_else()
    {
        var tour = await SiteTour.BuildAsync(fixture);
        try
        {
            var page = tour.Guest.Page;
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync(tour.TicketPath);
            await page.EmulateMediaAsync(new() { Media = Media.Print });
            await Expect(page.Locator(".ticket-qr img")).ToBeVisibleAsync();
            await Expect(page.Locator(".ticket h1")).ToHaveTextAsync("Gwen Guest");
            await Expect(page.Locator(".ticket")).ToContainTextAsync("Autumn screening at Riverside Hall");
            await Expect(page.Locator(".ticket dl")).ToContainTextAsync("19:00");
            await Expect(page.Locator(".ticket dl")).ToContainTextAsync("Riverside Community Hall");
            foreach (var hidden in new[] { ".site-header", ".site-footer", "nav", "button", "form", "details", "#add-to-calendar", ".no-print" })
            {
                var count = await page.Locator(hidden).CountAsync();
                for (var i = 0; i < count; i++)
                {
                    await Expect(page.Locator(hidden).Nth(i)).ToBeHiddenAsync();
                }
            }

            var pdf = Path.Combine(ScreenshotFolder, "ticket.pdf");
            Directory.CreateDirectory(ScreenshotFolder);
            await page.PdfAsync(new() { Path = pdf, Format = "A4" });
            Assert.True(new FileInfo(pdf).Length > 1000);
            // One sheet: the ticket does not spill onto a second page.
            Assert.Equal(1, Regex.Count(await File.ReadAllTextAsync(pdf, System.Text.Encoding.Latin1), @"/Type\s*/Page\b"));
        }
        finally
        {
            await tour.DisposeAsync();
        }
    }

    [BrowserFact]
    public async Task Links_in_a_previewed_mail_open_in_a_new_tab_outside_the_sandboxed_frame()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var email = HostJourney.NewEmail();
        await HostJourney.RegisterAsync(page, "Link Clicker", email);
        await SiteTour.WaitForMailAsync(page, email);
        await page.Locator("#mail-list tbody tr").Filter(new() { HasText = email }).GetByRole(AriaRole.Link).First.ClickAsync();

        var frame = page.Locator("iframe.mail");
        Assert.Contains("allow-popups-to-escape-sandbox", await frame.GetAttributeAsync("sandbox") ?? "", StringComparison.Ordinal);
        var mailUrl = page.Url;
        var popup = await page.Context.RunAndWaitForPageAsync(() =>
            page.FrameLocator("iframe.mail").GetByRole(AriaRole.Link, new() { Name = "Confirm my address" }).ClickAsync());
        await popup.WaitForLoadStateAsync();
        Assert.Contains("/account/confirm-email", popup.Url, StringComparison.Ordinal);
        await Expect(popup.GetByRole(AriaRole.Heading, new() { Name = "Address confirmed", Level = 1 })).ToBeVisibleAsync();
        // The viewer stays where it was, and the frame still holds the mail.
        Assert.Equal(mailUrl, page.Url);
        await Expect(page.FrameLocator("iframe.mail").GetByRole(AriaRole.Link, new() { Name = "Confirm my address" })).ToBeVisibleAsync();
        await popup.CloseAsync();
        Assert.Empty(session.Dialogs);
    }

    /// <summary>One h1; no heading level skipped; every nav labelled; every table header has a scope.</summary>
    private const string StructureScript = """
        () => {
          const problems = [];
          const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')];
          const h1s = headings.filter(h => h.tagName === 'H1').length;
          if (h1s !== 1) problems.push(`${h1s} h1 elements`);
          let last = 0;
          for (const h of headings) {
            const level = Number(h.tagName[1]);
            if (level > last + 1) problems.push(`heading skips from h${last} to h${level}: "${h.textContent.trim().slice(0, 60)}"`);
            last = level;
          }
          for (const nav of document.querySelectorAll('nav')) {
            if (!nav.getAttribute('aria-label') && !nav.getAttribute('aria-labelledby')) problems.push('a nav without a label: ' + nav.outerHTML.slice(0, 80));
          }
          for (const th of document.querySelectorAll('th')) {
            if (!th.getAttribute('scope')) problems.push('a th without scope: ' + th.outerHTML.slice(0, 80));
          }
          return problems;
        }
        """;

    /// <summary>Buttons, fields, menus and stand-alone links under 44 px high (links inside running text are exempt).</summary>
    private const string SmallTargetsScript = """
        () => [...document.querySelectorAll('button, [role=button], summary, select, textarea, input:not([type=hidden], [type=checkbox], [type=radio]), .site-nav a, .site-footer a, .pager a, .add-to-calendar a')]
          .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
          .map(e => [e, e.getBoundingClientRect()])
          .filter(([e, r]) => r.width > 0 && r.height > 0 && r.height < 43.5)
          .map(([e, r]) => `${e.tagName.toLowerCase()} "${(e.textContent || e.name || '').trim().slice(0, 40)}" ${Math.round(r.height)} px`)
        """;

    private const string WidestElementsScript = """
        () => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 5)
          .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''} (right ${Math.round(e.getBoundingClientRect().right)})`)
          .join(', ')
        """;
}
