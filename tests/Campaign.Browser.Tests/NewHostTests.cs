using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

[Collection(BrowserCollectionDefinition.Name)]
public sealed class NewHostTests(BrowserFixture fixture)
{
    [BrowserFact]
    public async Task New_user_registers_confirms_by_mail_and_creates_a_screening_shown_in_its_own_time_zone()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        var email = HostJourney.NewEmail();

        await page.GotoAsync("/");
        // The call to action is a link styled (and announced) as a button.
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Host a screening" }).ClickAsync();
        // Hosting needs an account: the app asks to log in, and the login page offers registration.
        await Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Create an account" }).ClickAsync();
        await HostJourney.FillRegistrationAsync(page, "Dana Host", email);
        await HostJourney.ConfirmFromMailAsync(page, fixture.App.Origin, email);

        const string title = "Spring screening at Riverside Hall";
        await HostJourney.CreateScreeningAsync(page, title);

        var slug = new Uri(page.Url).AbsolutePath["/s/".Length..];
        var tail = slug[(slug.LastIndexOf('-') + 1)..];
        Assert.True(tail.Length >= 16, $"The slug '{slug}' ends in '{tail}', too short to be unguessable.");
        await Expect(page.Locator("#screening-title")).ToHaveTextAsync(title);
        var when = page.Locator("#screening-when");
        await Expect(when).ToContainTextAsync("EDT"); // 14 March is always after the US clocks go forward (second Sunday of March).
        await Expect(when).ToContainTextAsync("19:00");
        await Expect(when).ToContainTextAsync($"14 March {HostJourney.ScreeningYear}");
        await Expect(page.Locator("#screening-place")).ToHaveTextAsync("Albany, NY, United States");

        // For a person to look at; not asserted.
        await page.ScreenshotAsync(new() { Path = "/tmp/browser-screening.png", FullPage = true });

        Assert.Empty(session.Dialogs);
        session.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task Markup_in_a_title_is_shown_as_text_and_never_runs()
    {
        await using var session = await fixture.NewSessionAsync();
        var page = session.Page;
        await HostJourney.RegisterAndConfirmAsync(page, fixture.App.Origin, "Mallory <b>Host</b>");

        const string title = "Film night <script>alert(1)</script> <img src=x onerror=alert(2)>";
        await HostJourney.CreateScreeningAsync(page, title);

        Assert.Equal(title, await page.Locator("#screening-title").TextContentAsync());
        await Expect(page.Locator("#screening-title script, #screening-title img")).ToHaveCountAsync(0);
        Assert.Empty(session.Dialogs);
        session.AssertOnlyOwnOriginWasContacted();
    }

    [BrowserFact]
    public async Task Time_zone_of_a_new_screening_defaults_to_the_browsers_zone()
    {
        await using var session = await fixture.NewSessionAsync(new BrowserNewContextOptions { TimezoneId = "Europe/London" });
        var page = session.Page;
        await HostJourney.RegisterAndConfirmAsync(page, fixture.App.Origin, "Lon Host");

        await page.GotoAsync("/screenings/new");

        await Expect(page.Locator("select[name='TimeZoneId']")).ToHaveValueAsync("Europe/London");
        Assert.Empty(session.Dialogs);
        session.AssertOnlyOwnOriginWasContacted();
    }
}
