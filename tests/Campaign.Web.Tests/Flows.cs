using System.Globalization;
using System.Text.RegularExpressions;

namespace Campaign.Web.Tests;

/// <summary>What a person does through the site, step by step, reused by many tests.</summary>
public static partial class Flows
{
    public const string Password = "correct horse battery";

    public static async Task<WebSession> RegisterAsync(CampaignFactory factory, string email, string name = "Ana Host", bool confirm = true)
    {
        var session = new WebSession(factory);
        var page = await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", name), ("Email", email), ("Password", Password), ("ConfirmPassword", Password));
        Assert.Equal("/account/check-email", page.Location);
        if (confirm)
        {
            var confirmed = await session.GetAsync(factory.LinkInMail(email, "/account/confirm-email"));
            Assert.Contains("Address confirmed", confirmed.Text, StringComparison.Ordinal);
        }

        // Registering does not sign in; the new user logs in (confirmed or not).
        var login = await session.SubmitAsync("/account/login", "/account/login", ("Email", email), ("Password", Password));
        Assert.Equal("/", login.Location);
        return session;
    }

    public static async Task<WebSession> LoginAsync(CampaignFactory factory, string email, string password = Password)
    {
        var session = new WebSession(factory);
        var page = await session.SubmitAsync("/account/login", "/account/login", ("Email", email), ("Password", password));
        Assert.Equal("/", page.Location);
        return session;
    }

    /// <summary>Submits the form a reset link opens (<paramref name="form"/>, fetched from <paramref name="link"/>) with a new password.</summary>
    public static Task<WebSession.Page> ResetPasswordAsync(WebSession session, string link, WebSession.Page form, string password)
    {
        var code = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + link).Query);
        return session.PostAsync("/account/reset-password",
            [new("UserId", code["userId"]!), new("Code", code["code"]!), new("Password", password), new("ConfirmPassword", password)],
            form.AntiforgeryToken);
    }

    /// <summary>Turns on the authenticator for a signed-in session; returns the shared key.</summary>
    public static async Task<string> EnableTwoFactorAsync(WebSession session)
    {
        var setup = await session.GetAsync("/account/two-factor");
        var key = SharedKey().Match(setup.Html).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(key), "The set-up page shows the key.");
        var done = await session.PostAsync("/account/two-factor", [new("Code", Totp.Code(key, session.Factory.Clock.GetUtcNow()))], setup.AntiforgeryToken);
        Assert.Contains("Recovery codes", done.Text, StringComparison.Ordinal);
        return key;
    }

    /// <summary>staff@example.org (on Campaign:StaffEmails in tests), confirmed, with two-factor on.</summary>
    public static async Task<WebSession> StaffAsync(CampaignFactory factory)
    {
        var session = await RegisterAsync(factory, "staff@example.org", "Sam Staff");
        await EnableTwoFactorAsync(session);
        return session;
    }

    public static Dictionary<string, string> ScreeningFields(
        string title = "Community screening",
        DateTime? startLocal = null,
        string zone = "America/New_York",
        string visibility = "Unlisted",
        int capacity = 30,
        bool online = false)
    {
        var start = startLocal ?? new DateTime(DateTime.UtcNow.Year + 1, 3, 14, 19, 0, 0);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Title"] = title,
            ["Description"] = "Film and conversation.",
            ["StartLocal"] = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["EndLocal"] = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["TimeZoneId"] = zone,
            ["IsOnline"] = online ? "true" : "false",
            ["VenueName"] = "Riverside Library",
            ["StreetAddress"] = "12 Secret Street",
            ["City"] = "Albany",
            ["Region"] = "NY",
            ["PostalCode"] = "12207",
            ["CountryCode"] = "US",
            ["OnlineUrl"] = online ? "https://meet.example.org/private-room" : "",
            ["Capacity"] = capacity.ToString(CultureInfo.InvariantCulture),
            ["MaxPlusOnes"] = "2",
            ["AccessibilityNotes"] = "Step-free access.",
            ["ContentNote"] = "Describes abuse.",
            ["Visibility"] = visibility,
        };
    }

    /// <summary>Creates a screening through the form; returns its slug.</summary>
    public static async Task<string> CreateScreeningAsync(WebSession host, Dictionary<string, string>? fields = null)
    {
        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields ?? ScreeningFields());
        Assert.True(page.Status.IsRedirect(), $"Expected a redirect, got {(int)page.Status}: {page.Text}");
        Assert.StartsWith("/s/", page.Location, StringComparison.Ordinal);
        return page.Location!["/s/".Length..];
    }

    [GeneratedRegex("<code id=\"shared-key\">([^<]+)</code>")]
    private static partial Regex SharedKey();
}
