using System.Globalization;
using Campaign.Infrastructure.Configuration;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Tests;

/// <summary>The privacy page's numbers and addresses are the running configuration's, not words that can drift (ADR 0024).</summary>
public sealed class PrivacyPageTests
{
    private static async Task<string> PrivacyAsync(CampaignFactory app)
    {
        var page = await new WebSession(app).GetAsync("/privacy");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        return System.Text.RegularExpressions.Regex.Replace(page.Text, @"\s+", " ");
    }

    [Fact]
    public async Task The_page_states_the_configured_reminder_limits_sign_in_time_and_addresses()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?>
        {
            ["Campaign:ReminderHoursBefore"] = "36",
            ["RateLimits:Rsvp:PermitLimit"] = "7",
            ["RateLimits:Rsvp:WindowSeconds"] = "120",
            ["RateLimits:AccountMailPerAddress:PermitLimit"] = "4",
            ["RateLimits:AccountMailPerAddress:WindowSeconds"] = "7200",
            ["Campaign:QuickExitUrl"] = "https://neutral.example.net/",
            ["Mail:From"] = "Screenings <hello@mail.example.com>",
        });
        var text = await PrivacyAsync(app);

        Assert.Contains("one reminder 36 hours before the start", text, StringComparison.Ordinal);
        Assert.Contains("at most 7 answers per 2 minutes from one internet address", text, StringComparison.Ordinal);
        Assert.Contains("at most 4 account mails (confirmation, password reset) per 2 hours", text, StringComparison.Ordinal);
        Assert.Contains("replace the page you are on with neutral.example.net", text, StringComparison.Ordinal);
        Assert.Contains("our mail comes from an address at mail.example.com and our links point to localhost", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_number_on_the_page_is_read_from_the_options_the_app_runs_with()
    {
        using var app = new CampaignFactory();
        var text = await PrivacyAsync(app);
        var campaign = app.Services.GetRequiredService<IOptions<CampaignOptions>>().Value;
        var limits = app.Services.GetRequiredService<IOptions<RateLimitsOptions>>().Value;
        var signIn = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;
        string N(int n) => n.ToString(CultureInfo.CurrentCulture);

        Assert.Contains($"one reminder {N(campaign.ReminderHoursBefore)} hours before the start", text, StringComparison.Ordinal);
        Assert.Contains($"signed in on a device for {N((int)signIn.TotalDays)} days", text, StringComparison.Ordinal);
        Assert.Contains($"at most {N(limits.Rsvp.PermitLimit)} answers per", text, StringComparison.Ordinal);
        Assert.Contains($"at most {N(limits.AccountMailPerAddress.PermitLimit)} account mails", text, StringComparison.Ordinal);
        Assert.Contains($"with {new Uri(campaign.QuickExitUrl).Host}.", text, StringComparison.Ordinal);
        // Every figure on the page is one of those (so a new claim cannot slip in unchecked).
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            N(campaign.ReminderHoursBefore), N((int)signIn.TotalDays), N(limits.Rsvp.PermitLimit), N(limits.AccountMailPerAddress.PermitLimit),
            N(limits.Rsvp.WindowSeconds / 60), N(limits.AccountMailPerAddress.WindowSeconds / 3600),
        };
        var main = text[text.IndexOf("What we keep", StringComparison.Ordinal)..];
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(main, @"\b\d+\b"))
        {
            Assert.Contains(m.Value, allowed);
        }
    }

    [Fact]
    public async Task The_page_says_what_quick_exit_and_discreet_mode_cannot_do()
    {
        using var app = new CampaignFactory();
        var text = await PrivacyAsync(app);
        Assert.Contains("pages you opened before stay in your browser's history", text, StringComparison.Ordinal);
        Assert.Contains("“Film night”", text, StringComparison.Ordinal);
        Assert.Contains("Mails already sent cannot be changed", text, StringComparison.Ordinal);
        Assert.Contains("What it cannot hide", text, StringComparison.Ordinal);
    }
}
