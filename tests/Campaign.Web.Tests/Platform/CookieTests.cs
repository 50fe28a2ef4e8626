using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Web.Tests;

/// <summary>Cookies and transport outside Development (docs/decisions/0016): Secure, __Host-, HSTS, framing, encrypted keys.</summary>
public sealed partial class CookieTests
{
    private static List<string> SetCookies(WebSession.Page page) =>
        page.Headers.TryGetValue("Set-Cookie", out var all) ? [.. CookieSplit().Split(all)] : [];

    [Fact]
    public async Task Every_cookie_is_secure_host_only_and_named_with_the_host_prefix()
    {
        using var app = new CampaignFactory();
        var seen = new List<string>();

        var visitor = new WebSession(app);
        seen.AddRange(SetCookies(await visitor.GetAsync("/account/login")));

        await Flows.RegisterAsync(app, "ana@example.org");
        var signIn = new WebSession(app);
        var login = await signIn.SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", Flows.Password));
        seen.AddRange(SetCookies(login));

        await Flows.StaffAsync(app);
        var twoFactor = await new WebSession(app).SubmitAsync("/account/login", "/account/login", ("Email", "staff@example.org"), ("Password", Flows.Password));
        Assert.Contains("login-2fa", twoFactor.Location, StringComparison.Ordinal);
        seen.AddRange(SetCookies(twoFactor));

        var slug = await RsvpFlows.ScreeningAsync(app, change: f => f["Title"] = "Second screening");
        await RsvpFlows.AnswerAsync(app, slug, "Bo", "bo@example.org", 2, true, "Cy");
        var manage = new Uri(app.LinkInMail("bo@example.org", "/rsvp/")).AbsolutePath;
        seen.AddRange(SetCookies(await RsvpFlows.ManageAsync(app, manage, "party", ("PartySize", "1"))));

        var names = seen.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).Distinct().ToList();
        Assert.Contains("__Host-campaign.auth", names);
        Assert.Contains("__Host-campaign.antiforgery", names);
        Assert.Contains("__Host-campaign.2fa", names);
        Assert.Contains("__Host-campaign.tempdata", names);
        Assert.All(seen, cookie =>
        {
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Matches("(?i); secure(;|$)", cookie);
            Assert.Matches("(?i); path=/(;|$)", cookie);
            Assert.DoesNotMatch("(?i); domain=", cookie);
        });
    }

    [Fact]
    public async Task Development_keeps_plain_cookie_names_for_http_on_localhost()
    {
        using var app = new CampaignFactory("Development");
        var page = await new WebSession(app).GetAsync("/account/login");
        var cookies = SetCookies(page);
        Assert.Contains(cookies, c => c.StartsWith("campaign.antiforgery=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.StartsWith("campaign.", c, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Https_responses_carry_hsts_for_a_year_and_no_page_may_be_framed_or_rebased()
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        request.Headers.Host = "screenings.example.org";
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_data_protection_keys_are_stored_encrypted_with_the_certificate()
    {
        using var app = new CampaignFactory();
        await new WebSession(app).GetAsync("/account/login");
        var keys = app.WithDb(db => db.DataProtectionKeys.Select(k => k.Xml).ToList());
        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("", "DataProtection:CertificatePath is empty")]
    [InlineData("/nonexistent/keys.pfx", "could not be read as a PFX")]
    public void Start_up_outside_development_refuses_without_a_certificate_and_says_which_keys_to_set(string path, string message)
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = path });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("DataProtection:CertificatePassword", error.ToString(), StringComparison.Ordinal);
    }

    [GeneratedRegex(", (?=[^;,=\\s]+=)")]
    private static partial Regex CookieSplit();
}
