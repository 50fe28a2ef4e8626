using System.Collections.Concurrent;
using Campaign.Domain.Rsvps;
using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>The host's dashboard on a phone: the chart (uPlot, from the app's own origin) draws under the CSP, beside its table.</summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed class DashboardTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task On_a_390px_phone_the_rsvp_chart_renders_from_the_apps_origin_without_a_csp_violation_beside_its_table()
    {
        await using var session = await fixture.NewSessionAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 390, Height = 844 } });
        var page = session.Page;
        var problems = new ConcurrentQueue<string>();
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning" && !m.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                problems.Enqueue($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => problems.Enqueue("page error: " + e);
        // The browser asks for /favicon.ico by itself (the app has none); anything else that fails is a problem.
        page.Response += (_, r) =>
        {
            if (r.Status >= 400 && !r.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                problems.Enqueue($"{r.Status} {r.Url}");
            }
        };
        await page.AddInitScriptAsync("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));");
        await HostJourney.RegisterAndConfirmAsync(page, fixture.App.Origin, "Pia Phone");
        await HostJourney.CreateScreeningAsync(page, "Phone dashboard night");
        var slug = new Uri(page.Url).AbsolutePath["/s/".Length..];
        AddAnswers(slug);
        problems.Clear();

        await page.GotoAsync("/s/" + slug);

        await Expect(page.Locator("#dashboard")).ToBeVisibleAsync();
        await Expect(page.Locator("#rsvp-chart[data-ready='true']")).ToBeVisibleAsync();
        await Expect(page.Locator("#rsvp-chart canvas")).ToHaveCountAsync(1);
        var box = await page.Locator("#rsvp-chart canvas").BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 100 }, $"The chart is drawn at a readable size: {box?.Width} x {box?.Height}.");
        await Expect(page.Locator("#rsvp-table")).ToBeVisibleAsync();
        await Expect(page.Locator("#rsvp-table tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#count-going")).ToHaveTextAsync("3");
        await Expect(page.Locator("#tab-going[aria-current='page']")).ToBeVisibleAsync();

        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(violations.Length == 0, "CSP violations:\n" + string.Join('\n', violations));
        Assert.True(problems.IsEmpty, string.Join('\n', problems));
        Assert.Contains(session.Requests, url => url.StartsWith(fixture.App.Origin + "/lib/uplot/uPlot.iife.min.js", StringComparison.Ordinal));
        session.AssertOnlyOwnOriginWasContacted();
        // Phone first: nothing in the page body reaches past 390 px (wide tables scroll inside their own container). The
        // header is the layout's, restyled on its own branch (phone-layout), so it is not measured here.
        // For a person to look at; not asserted.
        await page.ScreenshotAsync(new() { Path = "/tmp/browser-dashboard-390.png", FullPage = true });
        var wide = await page.EvaluateAsync<string[]>(@"() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.overflow-auto'))
            .map(e => e.tagName + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right))");
        Assert.True(wide.Length == 0, "Wider than 390px:\n" + string.Join('\n', wide));
        Assert.Empty(session.Dialogs);

        // The listener does hear a violation: inline style markup, which the CSP blocks, is reported.
        await page.EvaluateAsync("() => document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");
    }

    /// <summary>Answers on two days, written as the RSVP form would (seats taken first), so the chart has a line to draw.</summary>
    private void AddAnswers(string slug) => fixture.App.WithDb(db =>
    {
        var screening = db.Screenings.AsNoTracking().Single(s => s.Slug == slug);
        var now = DateTime.UtcNow;
        foreach (var (name, party, daysAgo) in new[] { ("Ann Early", 2, 3), ("Ben Later", 1, 1) })
        {
            Assert.True(SeatLedger.TryTakeAsync(db, screening.Id, party, CancellationToken.None).GetAwaiter().GetResult());
            var rsvp = Rsvp.Create(screening.Id, name, name.Replace(' ', '.').ToLowerInvariant() + "@example.org", party, null, RsvpStatus.Confirmed, Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"), null, now.AddDays(-daysAgo));
            db.Rsvps.Add(rsvp);
        }

        return db.SaveChanges();
    });
}
