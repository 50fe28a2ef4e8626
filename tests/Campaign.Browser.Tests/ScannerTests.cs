using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>The door: a real camera stream (Chromium's fake camera showing a real ticket's QR) and a door helper without an account.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class ScannerTests(BrowserFixture fixture, ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Ticket_in_front_of_the_camera_is_admitted_then_shown_as_already_checked_in()
    {
        // The camera's file is fixed when Chromium starts, so the ticket exists first: host and guest use the shared browser.
        await using var host = await fixture.NewSessionAsync();
        var (slug, email) = await HostWithScreeningAsync(host.Page, "Cam Host", "Camera night at Riverside Hall");
        var code = await OneTicketAsync(slug, "Ines Camera", "ines@example.org");

        var video = Path.Combine(Path.GetTempPath(), $"campaign-ticket-{Guid.NewGuid():N}.y4m");
        FakeCamera.WriteY4m(video, code);
        try
        {
            var browser = await fixture.LaunchAsync(
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + video);
            try
            {
                await using var session = await fixture.NewSessionAsync(browser);
                var page = session.Page;
                await LogInAsync(page, email);
                var opened = Stopwatch.StartNew();
                await page.GotoAsync("/checkin/" + slug);

                var verdict = page.Locator("#verdict");
                await Expect(verdict).ToHaveClassAsync(new Regex(@"\bok\b"), new() { Timeout = 20_000 });
                var toGreen = opened.Elapsed;
                await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
                await Expect(page.Locator("#verdict-name")).ToHaveTextAsync("Ines Camera");
                await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");
                var cameraToGreen = await page.EvaluateAsync<double>(
                    "() => performance.getEntriesByName('scanner:verdict')[0].startTime - performance.getEntriesByName('scanner:camera-playing')[0].startTime");
                var loadToGreen = await page.EvaluateAsync<double>("() => performance.getEntriesByName('scanner:verdict')[0].startTime");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"camera playing -> green verdict: {cameraToGreen:F0} ms; navigation start -> green: {loadToGreen:F0} ms; test's goto -> green seen: {toGreen.TotalMilliseconds:F0} ms"));

                // The ticket stays in front of the camera: ignored for a few seconds, then scanned again.
                await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Already checked in", new() { Timeout = 15_000 });
                await Expect(verdict).ToHaveClassAsync(new Regex(@"\bwarn\b"));
                await Expect(page.Locator("#verdict-name")).ToHaveTextAsync("Ines Camera");
                await Expect(page.Locator("#count-in")).ToHaveTextAsync("1");
                Assert.Equal(1, fixture.App.WithDb(db => db.Tickets.Count(t => t.Code == code && t.CheckedInAtUtc != null)));

                await page.ScreenshotAsync(new() { Path = "/tmp/browser-scanner.png" });
                Assert.Empty(session.Dialogs);
                session.AssertOnlyOwnOriginWasContacted();
            }
            finally
            {
                await browser.CloseAsync();
            }
        }
        finally
        {
            File.Delete(video);
        }
    }

    [BrowserFact]
    public async Task Door_helper_without_an_account_finds_a_guest_by_name_and_admits_the_whole_party()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Door Host", "Door night at Riverside Hall");
        await RsvpAsync(slug, "Olga Partyleader", "olga@example.org", 2, "Pim");

        var link = await DoorLinkAsync(host.Page, slug, "Side door");

        await using var helper = await fixture.NewSessionAsync();
        var page = helper.Page;
        await page.GotoAsync(link);
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("0");
        await Expect(page.Locator("#count-expected")).ToHaveTextAsync("2");
        await page.GetByText("Find a guest by name").ClickAsync();
        await page.Locator("#search-input").FillAsync("olga");
        var party = page.Locator("#search-results .party").Filter(new() { HasText = "Olga Partyleader" });
        await Expect(party.Locator("li")).ToHaveCountAsync(2);
        await Expect(party).ToContainTextAsync("Pim");
        await party.GetByRole(AriaRole.Button, new() { Name = "Admit whole party" }).ClickAsync();

        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bok\b"));
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("2");
        // The list shows both as in, with no button left to admit them again; a door helper cannot undo.
        await Expect(party.Locator("li.ticket-in")).ToHaveCountAsync(2);
        await Expect(party.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        // Another device (the host's scanner) sees the new count from its periodic refresh.
        await host.Page.GotoAsync("/checkin/" + slug);
        await Expect(host.Page.Locator("#count-in")).ToHaveTextAsync("2");

        var html = await page.ContentAsync();
        Assert.DoesNotContain("olga@example.org", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@example", html, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(helper.Dialogs);
        helper.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task Scan_without_a_connection_is_checked_on_the_phone_kept_and_sent_when_the_connection_is_back()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Offline Host", "Offline night at Riverside Hall");
        var code = await OneTicketAsync(slug, "Quinn Offline", "quinn@example.org");
        var link = await DoorLinkAsync(host.Page, slug, "Back door");

        await using var helper = await fixture.NewSessionAsync();
        var page = helper.Page;
        await page.GotoAsync(link);
        // No camera in this browser: the page says so and the text box (a keyboard-wedge scanner types here) has the focus.
        await Expect(page.Locator("#camera-status")).ToContainTextAsync("The camera is not available");
        await Expect(page.Locator("#code-input")).ToBeFocusedAsync();

        await helper.Context.SetOfflineAsync(true);
        await page.Keyboard.TypeAsync(code);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#verdict-title")).ToContainTextAsync("No connection: scan saved");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bwarn\b"));
        await Expect(page.Locator("#verdict-detail")).ToHaveTextAsync("Genuine ticket for this screening (checked on this phone).");
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("1 scan saved on this phone");

        // Offline the phone still checks the signature (keys fetched while online): a forged code is red, not saved.
        var forged = code[..100] + (code[100] == 'A' ? 'B' : 'A') + code[101..];
        await page.Locator("#code-input").FillAsync(forged);
        await page.Locator("#code-input").PressAsync("Enter");
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Not a valid ticket");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bbad\b"));
        // The same ticket twice while offline: this phone knows it already.
        await page.Locator("#code-input").FillAsync(code);
        await page.Locator("#code-input").PressAsync("Enter");
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Already checked in");
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("1 scan saved on this phone");
        Assert.Null(fixture.App.WithDb(db => db.Tickets.Single(t => t.Code == code).CheckedInAtUtc));

        await helper.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await Expect(page.Locator("#queue-status")).ToBeHiddenAsync();
        Assert.NotNull(fixture.App.WithDb(db => db.Tickets.Single(t => t.Code == code).CheckedInAtUtc));

        // Scanned again on purpose: the server remembers it.
        await page.Locator("#code-input").FillAsync(code);
        await page.Locator("#code-input").PressAsync("Enter");
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Already checked in");
        await Expect(page.Locator("#verdict-detail")).ToContainTextAsync("Back door");
        Assert.Empty(helper.Dialogs);
        helper.AssertOnlyOwnOriginWasContacted();
    }

    /// <summary>The host creates a door link on the Team page; returns the link as shown there.</summary>
    private async Task<string> DoorLinkAsync(IPage page, string slug, string door)
    {
        await page.GotoAsync($"/s/{slug}/team");
        await page.GetByLabel("Name of the door", new() { Exact = true }).FillAsync(door);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a door link" }).ClickAsync();
        var link = await page.GetByLabel("Door link for " + door).InputValueAsync();
        Assert.StartsWith(fixture.App.Origin + "/door/", link, StringComparison.Ordinal);
        return link;
    }

    /// <summary>Registers a host and creates a screening; returns its slug and the host's address.</summary>
    private async Task<(string Slug, string Email)> HostWithScreeningAsync(IPage page, string name, string title)
    {
        var email = HostJourney.NewEmail();
        await HostJourney.RegisterAsync(page, name, email);
        // The mail dispatcher runs in the background: wait until the confirmation is in /mail.
        for (var i = 0; i < 40; i++)
        {
            await page.GotoAsync("/mail");
            if (await page.Locator("#mail-list tbody tr").Filter(new() { HasText = email }).CountAsync() > 0)
            {
                break;
            }

            await Task.Delay(250);
        }

        await HostJourney.ConfirmFromMailAsync(page, fixture.App.Origin, email);
        await HostJourney.CreateScreeningAsync(page, title);
        return (new Uri(page.Url).AbsolutePath["/s/".Length..], email);
    }

    private static async Task LogInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(HostJourney.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    /// <summary>A guest RSVPs alone; returns the code of the screening's one ticket (as their mail carries it).</summary>
    private async Task<string> OneTicketAsync(string slug, string name, string email)
    {
        await RsvpAsync(slug, name, email, 1);
        return fixture.App.WithDb(db => db.Tickets.AsNoTracking()
            .Single(t => db.Screenings.Any(s => s.Slug == slug && s.Id == t.ScreeningId)).Code);
    }

    /// <summary>A guest answers the RSVP form on the screening page, in a browser of their own.</summary>
    private async Task RsvpAsync(string slug, string name, string email, int party, params string[] guests)
    {
        await using var guest = await fixture.NewSessionAsync();
        var page = guest.Page;
        await page.GotoAsync("/s/" + slug);
        await page.Locator("#rsvp input[name='Name']").FillAsync(name);
        await page.Locator("#rsvp input[name='Email']").FillAsync(email);
        await page.Locator("#rsvp input[name='PartySize']").FillAsync(party.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < guests.Length; i++)
        {
            await page.Locator($"#rsvp input[name='GuestNames[{i}]']").FillAsync(guests[i]);
        }

        await page.Locator("#rsvp input[name='Consent'][type='checkbox']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rsvp/check-email$"));
    }
}
