using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
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
        // The scanner asks for 1280x720 (16:9); a 4:3 file would be stretched to fit and its QR code no longer square.
        FakeCamera.WriteY4m(video, code, 1280, 720);
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
    public async Task An_inverted_code_light_on_dark_in_front_of_a_door_phone_camera_is_admitted()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Dark Host", "Dark mode night at Riverside Hall");
        var code = await OneTicketAsync(slug, "Dana Dark", "dana@example.org");
        var link = await DoorLinkAsync(host.Page, slug, "Front door");

        var video = Path.Combine(Path.GetTempPath(), $"campaign-ticket-{Guid.NewGuid():N}.y4m");
        FakeCamera.WriteY4m(video, code, 1280, 720, inverted: true);
        try
        {
            var browser = await fixture.LaunchAsync(
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--use-file-for-fake-video-capture=" + video);
            try
            {
                await using var session = await fixture.NewSessionAsync(browser);
                var page = session.Page;
                await page.GotoAsync(link);
                await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bok\b"), new() { Timeout = 20_000 });
                await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
                await Expect(page.Locator("#verdict-name")).ToHaveTextAsync("Dana Dark");
                // The camera was asked for 1280x720 and gave it: frames are decoded at full width.
                Assert.Equal(1280, await page.EvaluateAsync<int>("() => document.querySelector('video').videoWidth"));
                Assert.Equal(1, fixture.App.WithDb(db => db.Tickets.Count(t => t.Code == code && t.CheckedInAtUtc != null)));
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

    // Everything a door phone keeps: localStorage, every IndexedDB database (values and keys) and Cache Storage (bodies).
    private const string DumpStorage = """
        async () => {
          const out = [];
          for (let i = 0; i < localStorage.length; i++) { const k = localStorage.key(i); out.push(k, localStorage.getItem(k)); }
          const read = r => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
          for (const info of await indexedDB.databases()) {
            const db = await read(indexedDB.open(info.name));
            for (const store of db.objectStoreNames) {
              const tx = db.transaction(store);
              out.push('idb:' + info.name + '/' + store, JSON.stringify(await read(tx.objectStore(store).getAll())), JSON.stringify(await read(tx.objectStore(store).getAllKeys())));
            }
            db.close();
          }
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) out.push('cache:' + request.url, await (await cache.match(request)).text());
          }
          return out.join('\n');
        }
        """;

    private static readonly string[] Personal =
        ["Vera Valid", "Cora Cancel", "Kim Conflict", "Pia Paste", "@example", "Water Street", "Albany", "Riverside", "Offline Host"];

    private static void AssertNothingPersonal(string stored)
    {
        foreach (var word in Personal)
        {
            Assert.DoesNotContain(word, stored, StringComparison.OrdinalIgnoreCase);
        }
    }

    [BrowserFact]
    public async Task Offline_door_reloads_without_network_decides_on_the_phone_and_syncs_the_truth_keeping_no_names()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Offline Host", "Offline night");
        await RsvpAsync(slug, "Vera Valid", "vera@example.org", 2, "Cora Cancel");
        await RsvpAsync(slug, "Kim Conflict", "kim@example.org", 1);
        await RsvpAsync(slug, "Pia Paste", "pia@example.org", 1);
        // The browser tests share one app: everything read back from the database is this screening's.
        var screeningId = fixture.App.WithDb(db => db.Screenings.Single(s => s.Slug == slug).Id);
        var tickets = fixture.App.WithDb(db => db.Tickets.AsNoTracking().Where(t => t.ScreeningId == screeningId).ToList());
        string CodeOf(string booker, int number = 1) => tickets.Single(t => t.BookerName == booker && t.Number == number).Code;
        var vera = CodeOf("Vera Valid");
        var cora = CodeOf("Vera Valid", 2);
        var kim = CodeOf("Kim Conflict");
        var pia = CodeOf("Pia Paste");
        var forged = vera[..100] + (vera[100] == 'A' ? 'B' : 'A') + vera[101..];

        // Cora gives her seat up before the door opens: her nonce is in the package as revoked.
        await using (var guest = await fixture.NewSessionAsync())
        {
            await guest.Page.GotoAsync("/t/" + cora);
            await guest.Page.GetByText("Can't come? Give up this seat").ClickAsync();
            await guest.Page.GetByRole(AriaRole.Button, new() { Name = "Give up my seat" }).ClickAsync();
            await Expect(guest.Page.Locator("main")).ToContainTextAsync("You gave up your seat");
        }

        var linkA = await DoorLinkAsync(host.Page, slug, "Door A");
        var linkB = await DoorLinkAsync(host.Page, slug, "Door B");

        await using var phoneA = await fixture.NewSessionAsync();
        var page = phoneA.Page;
        // The camera's constraints, as the page asks for them (no camera here: the request fails, the wedge box works).
        await phoneA.Context.AddInitScriptAsync("""
            (() => {
              const md = navigator.mediaDevices;
              window.__constraints = [];
              if (!md || !md.getUserMedia) return;
              const original = md.getUserMedia.bind(md);
              md.getUserMedia = c => { window.__constraints.push(c); return original(c); };
            })();
            """);
        await page.GotoAsync(linkA);
        await Expect(page.Locator("nav")).ToHaveCountAsync(0);
        var scanner = page.Locator("#scanner");
        await Expect(scanner).ToHaveAttributeAsync("data-package", "ready");
        await Expect(scanner).ToHaveAttributeAsync("data-offline-ready", "true", new() { Timeout = 20_000 });
        var asked = await page.EvaluateAsync<JsonElement>("() => window.__constraints[0]");
        Assert.Equal(1280, asked.GetProperty("video").GetProperty("width").GetProperty("ideal").GetInt32());
        Assert.Equal(720, asked.GetProperty("video").GetProperty("height").GetProperty("ideal").GetInt32());
        await Expect(page.Locator("#code-input")).ToBeFocusedAsync();

        async Task TypeAsync(IPage on, string code)
        {
            await on.Locator("#code-input").FillAsync(code);
            await on.Locator("#code-input").PressAsync("Enter");
        }

        // A Wi-Fi with no uplink: the scan is never answered, so after 3 s the phone decides.
        await page.RouteAsync("**/api/checkin", _ => Task.CompletedTask);
        await TypeAsync(page, vera);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted", new() { Timeout = 10_000 });
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bok\b"));
        await Expect(page.Locator("#verdict-detail")).ToContainTextAsync("Decided offline");
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("1 scan saved on this phone");
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });

        // No network at all, and the page is reloaded: the service worker's shell opens the same door.
        await phoneA.Context.SetOfflineAsync(true);
        await page.ReloadAsync();
        await Expect(scanner).ToHaveAttributeAsync("data-shell", "true");
        await Expect(scanner).ToHaveAttributeAsync("data-package", "ready");
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("1 scan saved on this phone");

        await TypeAsync(page, cora);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Ticket no longer valid (cancelled)");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bbad\b"));
        await TypeAsync(page, forged);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Not a valid ticket");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bbad\b"));
        // The same ticket again, with a link's worth of text around it: compared by nonce, amber.
        await TypeAsync(page, vera.ToLowerInvariant());
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Already admitted on this phone");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bwarn\b"));
        await TypeAsync(page, kim);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
        // A pasted ticket link works like its code.
        await TypeAsync(page, fixture.App.Origin + "/t/" + pia);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
        await Expect(page.Locator("#verdict-detail")).ToContainTextAsync("Decided offline");
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("3 scans saved on this phone");
        // The verdict stays; the last scans are listed, newest first, in memory only (the scan before the reload is gone).
        await Expect(page.Locator("#recent-list li")).ToHaveCountAsync(5);
        await Expect(page.Locator("#recent-list li").First).ToContainTextAsync("Admitted");

        var afterScanning = await page.EvaluateAsync<string>(DumpStorage);
        Assert.Contains("revision", afterScanning, StringComparison.Ordinal);
        Assert.Contains("idb:", afterScanning, StringComparison.Ordinal);
        Assert.Contains("cache:", afterScanning, StringComparison.Ordinal);
        AssertNothingPersonal(afterScanning);

        // A second phone at Door B admits Kim offline too.
        await using var phoneB = await fixture.NewSessionAsync();
        var pageB = phoneB.Page;
        pageB.Console += (_, m) => output.WriteLine("phone B console: " + m.Text);
        pageB.PageError += (_, e) => output.WriteLine("phone B error: " + e);

        await pageB.GotoAsync(linkB);
        await Expect(pageB.Locator("#scanner")).ToHaveAttributeAsync("data-package", "ready");
        await Expect(pageB.Locator("#scanner")).ToHaveAttributeAsync("data-offline-ready", "true", new() { Timeout = 20_000 });
        await phoneB.Context.SetOfflineAsync(true);
        await TypeAsync(pageB, kim);
        await Expect(pageB.Locator("#verdict-title")).ToHaveTextAsync("Admitted");
        await Expect(pageB.Locator("#queue-status")).ToContainTextAsync("1 scan saved on this phone");
        // (The scan sent into the route that never answered may reach the server later; that is the same scan id.)
        Assert.Equal(0, fixture.App.WithDb(db => db.Tickets.Count(t => t.Code == kim && t.CheckedInAtUtc != null)));

        // Back online, A sends first: exactly its three admissions are held by the server.
        await phoneA.Context.SetOfflineAsync(false);
        await Expect(page.Locator("#queue-status")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        var admitted = fixture.App.WithDb(db => db.Tickets
            .Where(t => t.ScreeningId == screeningId && t.CheckedInAtUtc != null).Select(t => t.Code).ToList());
        Assert.Equal(new[] { vera, kim, pia }.Order(StringComparer.Ordinal), admitted.Order(StringComparer.Ordinal));
        Assert.All(fixture.App.WithDb(db => db.CheckInScans.Where(s => s.ScreeningId == screeningId).ToList()), s => Assert.True(s.DecidedOffline));

        // Then B: Kim was admitted first at Door A, so B's scan is a conflict, on the phone and for the host.
        await phoneB.Context.SetOfflineAsync(false);
        await Expect(pageB.Locator("#queue-status")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        var conflict = pageB.Locator("#conflict-list li");
        await Expect(conflict).ToHaveCountAsync(1);
        await Expect(conflict).ToContainTextAsync("Kim Conflict");
        await Expect(conflict).ToContainTextAsync("Admitted first at");
        await Expect(conflict).ToContainTextAsync("Door A");
        Assert.Equal(3, fixture.App.WithDb(db => db.Tickets.Count(t => t.ScreeningId == screeningId && t.CheckedInAtUtc != null)));

        await host.Page.GotoAsync($"/s/{slug}/guests");
        var hostConflicts = host.Page.Locator("#conflicts tbody tr");
        await Expect(hostConflicts).ToHaveCountAsync(1);
        await Expect(hostConflicts).ToContainTextAsync("Kim Conflict");
        await Expect(hostConflicts).ToContainTextAsync("Door B");
        await Expect(hostConflicts).ToContainTextAsync("Door A");
        await Expect(hostConflicts).ToContainTextAsync("Already admitted at another door");

        // Counts converge on both phones (3 in of 3 valid tickets: Cora's is cancelled).
        foreach (var p in new[] { page, pageB })
        {
            await Expect(p.Locator("#count-in")).ToHaveTextAsync("3", new() { Timeout = 10_000 });
            await Expect(p.Locator("#count-expected")).ToHaveTextAsync("3");
        }

        var afterSync = await page.EvaluateAsync<string>(DumpStorage) + await pageB.EvaluateAsync<string>(DumpStorage);
        AssertNothingPersonal(afterSync);

        // The host revokes Door A: the phone has nothing left to send, so it wipes its queue and package.
        await host.Page.GotoAsync($"/s/{slug}/team");
        await host.Page.Locator("tr").Filter(new() { HasText = "Door A" }).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        await Expect(host.Page.Locator("#consequence")).ToBeVisibleAsync();
        await host.Page.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke it" }).ClickAsync();
        await Expect(host.Page.Locator("main")).ToContainTextAsync("Door link revoked");
        await Expect(scanner).ToHaveAttributeAsync("data-wiped", "true", new() { Timeout = 40_000 });
        var afterWipe = await page.EvaluateAsync<string>(DumpStorage);
        Assert.DoesNotContain("idb:campaign-door", afterWipe, StringComparison.Ordinal);
        AssertNothingPersonal(afterWipe);

        Assert.Empty(phoneA.Dialogs);
        phoneA.AssertOnlyOwnOriginWasContacted();
        phoneB.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task Add_walk_in_admits_at_once_online_and_offline_keeps_the_name_only_until_the_server_seats_it_or_refuses_it()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Walk-in Host", "Walk-in night");
        // Starting in half an hour (walk-ins open an hour before), four seats, parties up to three.
        var start = DateTime.UtcNow.AddMinutes(30);
        fixture.App.WithDb(db => db.Screenings.Where(s => s.Slug == slug).ExecuteUpdate(u => u
            .SetProperty(s => s.StartUtc, start).SetProperty(s => s.EndUtc, start.AddHours(2))
            .SetProperty(s => s.Capacity, 4).SetProperty(s => s.MaxPlusOnes, 2)));
        var link = await DoorLinkAsync(host.Page, slug, "Walk-in door");

        await using var phone = await fixture.NewSessionAsync();
        var page = phone.Page;
        await page.GotoAsync(link);
        await Expect(page.Locator("#scanner")).ToHaveAttributeAsync("data-package", "ready");

        async Task AddAsync(string name, int party)
        {
            await page.GetByText("Add walk-in", new() { Exact = true }).ClickAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
            await page.GetByLabel("How many people").FillAsync(party.ToString(CultureInfo.InvariantCulture));
            await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
            await Expect(page.GetByLabel("How many people")).ToHaveValueAsync(party.ToString(CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Seat and admit" }).ClickAsync();
        }

        // Online: seats taken and the party admitted at once.
        await AddAsync("Wanda Walker", 2);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Walk-in admitted");
        await Expect(page.Locator("#verdict-name")).ToHaveTextAsync("Wanda Walker");
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bok\b"));
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("2");

        // Bad input is said on the phone and sends nothing.
        await page.GetByText("Add walk-in", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Seat and admit" }).ClickAsync();
        await Expect(page.Locator("#walk-in-status")).ToHaveTextAsync("Give the walk-in's name.");
        await page.GetByText("Add walk-in", new() { Exact = true }).ClickAsync();

        // No answer from the server (a Wi-Fi with no uplink): the phone lets them in and keeps the walk-in to send later.
        await page.RouteAsync("**/api/checkin/walk-in", _ => Task.CompletedTask);
        await AddAsync("Otto Offline", 1);
        await Expect(page.Locator("#verdict-title")).ToHaveTextAsync("Walk-in let in: saved on this phone", new() { Timeout = 10_000 });
        await Expect(page.Locator("#verdict")).ToHaveClassAsync(new Regex(@"\bwarn\b"));
        await AddAsync("Pat Late", 1);
        await Expect(page.Locator("#verdict-name")).ToHaveTextAsync("Pat Late", new() { Timeout = 10_000 });
        await Expect(page.Locator("#queue-status")).ToContainTextAsync("2 scans saved on this phone");
        var queued = await page.EvaluateAsync<string>(DumpStorage);
        Assert.Contains("Otto Offline", queued, StringComparison.Ordinal);
        Assert.Contains("Pat Late", queued, StringComparison.Ordinal);

        // Meanwhile a guest takes one of the two seats left; then the connection is back.
        await RsvpAsync(slug, "Rita Rsvp", "rita@example.org", 1);
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await Expect(page.Locator("#queue-status")).ToBeHiddenAsync(new() { Timeout = 20_000 });

        // Otto got the last seat; Pat did not, which the phone and the host both see. No name is left on the phone.
        var conflicts = page.Locator("#conflict-list li");
        await Expect(conflicts).ToHaveCountAsync(1);
        await Expect(conflicts).ToContainTextAsync("Pat Late");
        await Expect(conflicts).ToContainTextAsync("the screening was full when it was sent");
        await Expect(page.Locator("#count-in")).ToHaveTextAsync("3");
        var synced = await page.EvaluateAsync<string>(DumpStorage);
        Assert.DoesNotContain("Otto Offline", synced, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat Late", synced, StringComparison.Ordinal);
        Assert.DoesNotContain("Wanda", synced, StringComparison.Ordinal);

        await host.Page.GotoAsync($"/s/{slug}/guests");
        await Expect(host.Page.Locator("#conflicts")).ToContainTextAsync("Pat Late (walk-in)");
        await host.Page.GotoAsync($"/s/{slug}?tab=checked-in");
        var otto = host.Page.Locator("#checked-in-list tr").Filter(new() { HasText = "Otto Offline" });
        await Expect(otto.Locator("[data-walk-in]")).ToHaveTextAsync("walk-in");
        Assert.Empty(phone.Dialogs);
        phone.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task A_check_in_package_for_another_screening_is_refused_on_the_phone()
    {
        await using var host = await fixture.NewSessionAsync();
        var (slug, _) = await HostWithScreeningAsync(host.Page, "Foreign Host", "Foreign package night");
        var link = await DoorLinkAsync(host.Page, slug, "Door F");

        await using var phone = await fixture.NewSessionAsync();
        var page = phone.Page;
        var foreign = System.Text.Json.JsonSerializer.Serialize(new
        {
            screening = Guid.NewGuid(),
            slug = "another-screening",
            revision = "1.0",
            cancelled = false,
            keys = Array.Empty<object>(),
            revoked = Array.Empty<string>(),
        });
        await page.RouteAsync("**/package", route => route.FulfillAsync(new() { Status = 200, ContentType = "application/json", Body = foreign }));
        await page.GotoAsync(link);
        await Expect(page.Locator("#package-status")).ToContainTextAsync("for another screening: it was refused");
        await Expect(page.Locator("#scanner")).ToHaveAttributeAsync("data-package", "refused");
        Assert.DoesNotContain("another-screening", await page.EvaluateAsync<string>(DumpStorage), StringComparison.Ordinal);
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
