using System.Text.RegularExpressions;
using Campaign.Web.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>One main page to look at: who looks (which session), where, and the page's primary action.</summary>
public sealed record TourPage(string Name, string Path, string PrimaryAction);

/// <summary>
/// A site with something on every main page, made through the browser as people would: a host with a public screening
/// (approved by staff), an invited guest who answered and holds tickets, a door link, mail in the dev viewer.
/// Issue 13 reuses it to visit every route.
/// </summary>
public sealed partial class SiteTour
{
    public const string StaffEmail = "staff@example.test";

    private SiteTour(BrowserSession guest, BrowserSession host, BrowserSession staff) => (Guest, Host, Staff) = (guest, host, staff);

    /// <summary>Not signed in: the guest who answered the invitation.</summary>
    public BrowserSession Guest { get; }

    public BrowserSession Host { get; }

    /// <summary>Staff, signed in with two factors.</summary>
    public BrowserSession Staff { get; }

    public string Slug { get; private set; } = "";

    public string ManagePath { get; private set; } = "";

    public string TicketPath { get; private set; } = "";

    public string InvitationPath { get; private set; } = "";

    public string MailPath { get; private set; } = "";

    /// <summary>Pages a guest (no account) sees.</summary>
    public IReadOnlyList<TourPage> GuestPages =>
    [
        new("home", "/", "main .hero .actions [role=button]"),
        new("directory", "/screenings", "#directory .screening-card a"),
        new("public screening page", "/s/" + Slug, "#jump-rsvp"),
        new("RSVP form (invitation)", InvitationPath, "#jump-rsvp"),
        new("ticket", TicketPath, ".ticket-qr img"),
        new("manage RSVP", ManagePath, "#rsvp-status"),
        new("log in", "/account/login", "main button[type=submit]"),
        new("register", "/account/register", "main input[name='DisplayName']"),
        new("forgot password", "/account/forgot-password", "main input[name='Email']"),
        new("privacy", "/privacy", "main article p"),
        new("mail viewer", "/mail", "#mail-list a"),
        new("one mail", MailPath, "iframe.mail"),
    ];

    /// <summary>Pages the host sees.</summary>
    public IReadOnlyList<TourPage> HostPages =>
    [
        new("host's dashboard", "/s/" + Slug, "#next-step [role=button]"),
        new("editor", $"/s/{Slug}/edit", "main input[name='Title']"),
        new("new screening", "/screenings/new", "main input[name='Title']"),
        new("guest list", $"/s/{Slug}/guests", "#guest-counts"),
        new("invite", $"/s/{Slug}/invite", "main textarea[name='Addresses']"),
        new("team and door", $"/s/{Slug}/team", "main a[role=button][href^='/checkin/']"),
        new("door scanner", "/checkin/" + Slug, "#camera-start"),
        new("my screenings", "/my/screenings", "main a[role=button]"),
        new("my calendar", "/my/calendar", "#feed-form button"),
        new("account", "/account", "main a[href='/account/password']"),
    ];

    /// <summary>Staff pages.</summary>
    public IReadOnlyList<TourPage> StaffPages =>
    [
        new("staff queue", "/staff", "main a[href='/staff/hosts']"),
        new("staff hosts", "/staff/hosts", "main input[name='q']"),
    ];

    public static async Task<SiteTour> BuildAsync(BrowserFixture fixture, Func<BrowserNewContextOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        options ??= () => new BrowserNewContextOptions();
        var tour = new SiteTour(await fixture.NewSessionAsync(options()), await fixture.NewSessionAsync(options()), await fixture.NewSessionAsync(options()));
        var origin = fixture.App.Origin;

        // The host makes a public screening; staff approve it, so the directory lists it.
        var host = tour.Host.Page;
        var hostEmail = HostJourney.NewEmail();
        await HostJourney.RegisterAsync(host, "Tour Host", hostEmail);
        await WaitForMailAsync(host, hostEmail);
        await HostJourney.ConfirmFromMailAsync(host, origin, hostEmail);
        await HostJourney.CreateScreeningAsync(host, "Autumn screening at Riverside Hall");
        tour.Slug = new Uri(host.Url).AbsolutePath["/s/".Length..];
        await host.GotoAsync($"/s/{tour.Slug}/edit");
        await host.Locator("select[name='Visibility']").SelectOptionAsync("Public");
        await host.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(host).ToHaveURLAsync(new Regex($"/s/{tour.Slug}$"));

        var staff = tour.Staff.Page;
        // The staff address is fixed by configuration: one account per app, made by the first tour, signed into by the rest.
        if (!StaffKeys.TryGetValue(fixture.App, out var key))
        {
            await HostJourney.RegisterAsync(staff, "Sam Staff", StaffEmail);
            await WaitForMailAsync(staff, StaffEmail);
            await HostJourney.ConfirmFromMailAsync(staff, origin, StaffEmail);
            key = await TurnOnTwoFactorAsync(staff);
            StaffKeys.Add(fixture.App, key);
        }

        await LogInWithTwoFactorAsync(staff, StaffEmail, key);
        await staff.GotoAsync("/staff");
        await staff.Locator($".queue-item[data-slug='{tour.Slug}']").GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        // The host invites a guest; the guest answers from the invitation, for two people.
        const string guestEmail = "gwen.guest@example.org";
        await host.GotoAsync($"/s/{tour.Slug}/invite");
        await host.GetByLabel("Addresses").FillAsync(guestEmail);
        await host.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();
        var guest = tour.Guest.Page;
        tour.InvitationPath = await LinkInMailAsync(guest, origin, guestEmail, "/i/");
        await guest.GotoAsync(tour.InvitationPath);
        await guest.Locator("#rsvp input[name='Name']").FillAsync("Gwen Guest");
        var email = guest.Locator("#rsvp input[name='Email']");
        if (await email.InputValueAsync() != guestEmail)
        {
            await email.FillAsync(guestEmail);
        }

        await guest.Locator("#rsvp input[name='PartySize']").FillAsync("2");
        await guest.Locator("#rsvp input[name='GuestNames[0]']").FillAsync("Pat Plusone");
        await guest.Locator("#rsvp input[name='Consent'][type='checkbox']").CheckAsync();
        await guest.Locator("#rsvp button[type=submit]").ClickAsync();
        tour.ManagePath = await LinkInMailAsync(guest, origin, guestEmail, "/rsvp/");
        tour.MailPath = new Uri(guest.Url).AbsolutePath;
        var code = fixture.App.WithDb(db => db.Tickets.AsNoTracking()
            .Where(t => db.Screenings.Any(s => s.Slug == tour.Slug && s.Id == t.ScreeningId))
            .OrderBy(t => t.Number).Select(t => t.Code).First()); // the booker's ticket (number 1)
        tour.TicketPath = "/t/" + Uri.EscapeDataString(code);

        // A door link, so the team page shows its table.
        await host.GotoAsync($"/s/{tour.Slug}/team");
        await host.GetByLabel("Name of the door", new() { Exact = true }).FillAsync("Front door");
        await host.GetByRole(AriaRole.Button, new() { Name = "Create a door link" }).ClickAsync();
        return tour;
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CampaignAppFactory, string> StaffKeys = [];

    /// <summary>Turns on two-factor sign-in with a computed authenticator code, then logs out; returns the shared key.</summary>
    private static async Task<string> TurnOnTwoFactorAsync(IPage page)
    {
        await page.GotoAsync("/account/two-factor");
        var key = (await page.Locator("#shared-key").TextContentAsync())!.Trim();
        await page.Locator("main input[name='Code']").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        await page.Locator("form[action='/account/logout'] button").ClickAsync();
        return key;
    }

    /// <summary>Staff need both factors: password, then the authenticator code.</summary>
    private static async Task LogInWithTwoFactorAsync(IPage page, string email, string key)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("E-mail", new() { Exact = true }).FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(HostJourney.Password);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.Locator("main input[name='Code']").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(new Regex("/account/login"));
    }

    /// <summary>The mail dispatcher runs in the background: waits until a mail to <paramref name="email"/> is in /mail.</summary>
    public static async Task WaitForMailAsync(IPage page, string email, int atLeast = 1)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var i = 0; i < 60; i++)
        {
            await page.GotoAsync("/mail");
            if (await page.Locator("#mail-list tbody tr").Filter(new() { HasText = email }).CountAsync() >= atLeast)
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"No mail to {email} arrived.");
    }

    /// <summary>Opens the newest mail to <paramref name="email"/> holding a link to <paramref name="prefix"/>; returns the link's path.</summary>
    public static async Task<string> LinkInMailAsync(IPage page, string origin, string email, string prefix)
    {
        ArgumentNullException.ThrowIfNull(page);
        var pattern = new Regex(Regex.Escape(origin + prefix) + @"\S+");
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await page.GotoAsync("/mail");
            var rows = page.Locator("#mail-list tbody tr").Filter(new() { HasText = email });
            var count = await rows.CountAsync();
            for (var i = 0; i < count; i++)
            {
                await page.GotoAsync("/mail");
                await rows.Nth(i).GetByRole(AriaRole.Link).ClickAsync();
                var text = await page.Locator("#mail-text").TextContentAsync() ?? "";
                if (pattern.Match(text) is { Success: true } link)
                {
                    return new Uri(link.Value).PathAndQuery;
                }
            }

            await Task.Delay(250);
        }

        Assert.Fail($"No mail to {email} with a link to {prefix}.");
        return "";
    }

    public async Task DisposeAsync()
    {
        await Guest.DisposeAsync();
        await Host.DisposeAsync();
        await Staff.DisposeAsync();
    }
}
