using System.Globalization;
using System.Net;

namespace Campaign.Web.Tests;

public sealed class AccountRateLimitTests : IDisposable
{
    private readonly List<CampaignFactory> _apps = [];

    public void Dispose() => _apps.ForEach(a => a.Dispose());

    /// <summary>An app behind a trusted proxy (so each test can speak from several client addresses) with these limits.</summary>
    private CampaignFactory App(params (string Key, string Value)[] limits)
    {
        var settings = new Dictionary<string, string?> { ["Campaign:TrustForwardedHeaders"] = "true" };
        foreach (var (key, value) in limits)
        {
            settings[key] = value;
        }

        var app = new CampaignFactory(settings: settings);
        _apps.Add(app);
        return app;
    }

    private static Task<WebSession.Page> LogInAsync(WebSession session, string email, string password) =>
        session.SubmitAsync("/account/login", "/account/login", ("Email", email), ("Password", password));

    private static void AssertTooMany(WebSession.Page page)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, page.Status);
        Assert.Contains("too many requests in a short time", page.Text, StringComparison.Ordinal);
        Assert.True(int.Parse(page.Headers["Retry-After"], CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Logging_in_too_often_from_one_client_address_gets_429_with_retry_after_while_others_go_on()
    {
        var app = App(("RateLimits:Login:PermitLimit", "3"));
        var client = new WebSession(app, "203.0.113.5");

        for (var i = 0; i < 3; i++)
        {
            var page = await LogInAsync(client, $"someone{i}@example.org", "wrong password here");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Contains("The e-mail address or password is not right.", page.Text, StringComparison.Ordinal);
        }

        AssertTooMany(await LogInAsync(client, "someone3@example.org", "wrong password here"));

        // The forwarded address is the client: another one behind the same proxy is not held back.
        var other = await LogInAsync(new WebSession(app, "203.0.113.6"), "someone3@example.org", "wrong password here");
        Assert.Equal(HttpStatusCode.OK, other.Status);
    }

    [Fact]
    public async Task Logging_in_to_one_address_from_many_client_addresses_is_limited_per_address()
    {
        var app = App(("RateLimits:LoginAccount:PermitLimit", "3"));
        await Flows.RegisterAsync(app, "ana@example.org", confirm: false);

        // The registration's own log-in was the first of three.
        for (var i = 1; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LogInAsync(new WebSession(app, $"198.51.100.{i}"), "ana@example.org", "wrong password here")).Status);
        }

        AssertTooMany(await LogInAsync(new WebSession(app, "198.51.100.9"), "ana@example.org", Flows.Password));

        // An address without an account is counted the same way, so the limit tells nothing about who has one.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await LogInAsync(new WebSession(app, $"192.0.2.{i}"), "nobody@example.org", "wrong password here")).Status);
        }

        AssertTooMany(await LogInAsync(new WebSession(app, "192.0.2.9"), "nobody@example.org", "wrong password here"));
    }

    [Fact]
    public async Task Two_factor_and_recovery_codes_are_limited_per_account_whatever_the_session_or_address()
    {
        var app = App(("RateLimits:TwoFactor:PermitLimit", "3"));
        var owner = await Flows.RegisterAsync(app, "ana@example.org");
        var key = await Flows.EnableTwoFactorAsync(owner);

        var first = new WebSession(app, "203.0.113.10");
        var step = await LogInAsync(first, "ana@example.org", Flows.Password);
        Assert.StartsWith("/account/login-2fa", step.Location, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await first.SubmitAsync(step.Location!, "/account/login-2fa", ("Code", "000000"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await first.SubmitAsync(step.Location!, "/account/login-2fa", ("Code", "111111"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await first.SubmitAsync("/account/login-recovery", "/account/login-recovery", ("RecoveryCode", "AAAAA-BBBBB"))).Status);

        // A fresh session from another address, even with the right code, waits.
        var second = new WebSession(app, "203.0.113.11");
        var again = await LogInAsync(second, "ana@example.org", Flows.Password);
        AssertTooMany(await second.SubmitAsync(again.Location!, "/account/login-2fa", ("Code", Totp.Code(key, app.Clock.GetUtcNow()))));
        AssertTooMany(await second.SubmitAsync("/account/login-recovery", "/account/login-recovery", ("RecoveryCode", "AAAAA-BBBBB")));
    }

    [Fact]
    public async Task Registering_or_asking_for_account_mail_too_often_from_one_client_address_gets_429()
    {
        var app = App(("RateLimits:Register:PermitLimit", "2"), ("RateLimits:AccountMail:PermitLimit", "2"));
        var client = new WebSession(app, "203.0.113.20");

        for (var i = 0; i < 2; i++)
        {
            var page = await client.SubmitAsync("/account/register", "/account/register",
                ("DisplayName", "New Host"), ("Email", $"new{i}@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));
            Assert.Equal("/account/check-email", page.Location);
        }

        AssertTooMany(await client.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "New Host"), ("Email", "new2@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password)));
        Assert.Equal(2, app.WithDb(db => db.Users.Count()));

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "new0@example.org"))).Status);
        }

        AssertTooMany(await client.SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "new0@example.org")));
    }

    [Fact]
    public async Task Resending_the_confirmation_too_often_gets_429()
    {
        var app = App(("RateLimits:AccountMail:PermitLimit", "2"));
        var host = await Flows.RegisterAsync(app, "ana@example.org", confirm: false);
        var account = await host.GetAsync("/account");

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await host.PostAsync("/account/resend-confirmation", [], account.AntiforgeryToken)).Status.IsRedirect());
        }

        AssertTooMany(await host.PostAsync("/account/resend-confirmation", [], account.AntiforgeryToken));
    }

    [Fact]
    public async Task No_address_gets_more_than_three_account_mails_an_hour_whoever_asks_and_the_pages_say_the_same()
    {
        var app = App(("RateLimits:AccountMailPerAddress:PermitLimit", "3"), ("RateLimits:AccountMailPerAddress:WindowSeconds", "3600"));
        await Flows.RegisterAsync(app, "ana@example.org");

        for (var i = 0; i < 4; i++)
        {
            var page = await new WebSession(app, $"198.51.100.{i}").SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "ana@example.org"));
            Assert.Contains("If an account uses ana@example.org, we sent it a link", page.Text, StringComparison.Ordinal);
        }

        var taken = await new WebSession(app, "198.51.100.50").SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Someone"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));
        Assert.Equal("/account/check-email", taken.Location);

        // The confirmation and two reset links; the other two resets and the "already registered" mail were dropped.
        Assert.Equal(["Confirm your e-mail address", "Choose a new password", "Choose a new password"], app.MailsTo("ana@example.org").Select(m => m.Subject));

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        await new WebSession(app, "198.51.100.60").SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "ana@example.org"));
        Assert.Equal(4, app.MailsTo("ana@example.org").Count);
    }
}
