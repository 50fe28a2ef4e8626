using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>The steps a new host takes, written as a person would do them in the browser.</summary>
internal static partial class HostJourney
{
    public const string Password = "correct horse battery staple";

    public static string NewEmail() => $"host-{Guid.NewGuid():N}@example.test";

    public static async Task RegisterAsync(IPage page, string name, string email)
    {
        await page.GotoAsync("/account/register");
        await FillRegistrationAsync(page, name, email);
    }

    public static async Task FillRegistrationAsync(IPage page, string name, string email)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create an account", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Your name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password (at least 12 characters)", new() { Exact = true }).FillAsync(Password);
        await page.GetByLabel("Password again", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your e-mail", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/account/check-email$"));
    }

    /// <summary>Opens the newest confirmation mail to <paramref name="email"/> in /mail and follows its link.</summary>
    public static async Task ConfirmFromMailAsync(IPage page, string origin, string email)
    {
        await page.GotoAsync("/mail");
        var row = page.Locator("#mail-list tbody tr").Filter(new() { HasText = email });
        // Newest first: the first matching row is the latest message to this address.
        await row.GetByRole(AriaRole.Link, new() { Name = "Confirm your e-mail address" }).First.ClickAsync();
        await Expect(page.Locator("#mail-subject")).ToHaveTextAsync("Confirm your e-mail address");
        await Expect(page.Locator("#mail-to")).ToContainTextAsync(email);

        var text = await page.Locator("#mail-text").TextContentAsync() ?? "";
        var link = ConfirmationLink().Match(text);
        Assert.True(link.Success, "No confirmation link in the plain-text part:\n" + text);
        Assert.StartsWith(origin + "/", link.Value, StringComparison.Ordinal);

        await page.GotoAsync(link.Value);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Address confirmed", Level = 1 })).ToBeVisibleAsync();

        // Registering does not sign in (a taken address must look the same); the confirmation page leads to log in.
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in to host a screening" }).ClickAsync();
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/screenings/new$"));
    }

    public static async Task RegisterAndConfirmAsync(IPage page, string origin, string name)
    {
        var email = NewEmail();
        await RegisterAsync(page, name, email);
        await ConfirmFromMailAsync(page, origin, email);
    }

    /// <summary>Next year, so the screening is always in the future; 14 March is always after the US clocks go forward.</summary>
    public static int ScreeningYear => DateTime.UtcNow.Year + 1;

    /// <summary>Fills /screenings/new for an evening venue screening in New York and submits it.</summary>
    public static async Task CreateScreeningAsync(IPage page, string title)
    {
        await page.GotoAsync("/screenings/new");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Host a screening", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("Film at seven, then a conversation with a local advocate. Tea and cake.");
        await page.Locator("input[name='StartLocal']").FillAsync($"{ScreeningYear}-03-14T19:00");
        await page.Locator("input[name='EndLocal']").FillAsync($"{ScreeningYear}-03-14T21:30");
        await page.Locator("select[name='TimeZoneId']").SelectOptionAsync("America/New_York");
        await Expect(page.Locator("input[name='IsOnline'][value='false']")).ToBeCheckedAsync();
        await page.Locator("input[name='VenueName']").FillAsync("Riverside Community Hall");
        await page.Locator("input[name='StreetAddress']").FillAsync("12 Water Street");
        await page.Locator("input[name='City']").FillAsync("Albany");
        await page.Locator("input[name='Region']").FillAsync("NY");
        await page.Locator("input[name='PostalCode']").FillAsync("12207");
        await page.Locator("select[name='CountryCode']").SelectOptionAsync("US");
        await page.Locator("input[name='Capacity']").FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create screening" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/s/[a-z0-9-]+$"));
    }

    [GeneratedRegex(@"^https?://\S+/account/confirm-email\?\S+$", RegexOptions.Multiline)]
    private static partial Regex ConfirmationLink();
}
