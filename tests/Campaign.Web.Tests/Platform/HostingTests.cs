using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Healthz_answers_200_once_the_database_is_migrated()
    {
        using var app = new CampaignFactory();
        var page = await new WebSession(app).GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Healthy", page.Html);
        var ready = await new WebSession(app).GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Html);
    }

    [Fact]
    public async Task Readyz_answers_503_when_the_database_cannot_be_reached_while_healthz_needs_no_database()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Campaign"] = "Server=127.0.0.1,1;Database=Nope;User Id=sa;Password=unused;TrustServerCertificate=True;Connect Timeout=1",
        });
        var page = await new WebSession(app).GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.Status);
        // Liveness asks nothing of the database, so a probe costs no round trip (and says the process is up).
        Assert.Equal(HttpStatusCode.OK, (await new WebSession(app).GetAsync("/healthz")).Status);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Campaign:PublicBaseUrl", "not a url", "Campaign:PublicBaseUrl must be an absolute http(s) address" },
        { "Campaign:StaffEmails:0", "not-an-address", "Campaign:StaffEmails holds 'not-an-address'" },
        { "Mail:Mode", "Smtp", "Mail:Smtp:Host is required when Mail:Mode is Smtp." },
        { "Mail:From", "nobody", "Mail:From must be a mail address" },
        { "Campaign:Film:Title", "", "Campaign:Film:Title must not be empty." },
        // Quick exit (ADR 0024): only an absolute http(s) address; a bad value stops start-up instead of falling back.
        { "Campaign:QuickExitUrl", "javascript:alert(1)", "Campaign:QuickExitUrl must be an absolute http(s) address" },
        { "Campaign:QuickExitUrl", "/somewhere", "Campaign:QuickExitUrl must be an absolute http(s) address" },
        { "Campaign:QuickExitUrl", "ftp://files.example.org/", "Campaign:QuickExitUrl must be an absolute http(s) address" },
        { "Campaign:QuickExitUrl", "www.example.org", "Campaign:QuickExitUrl must be an absolute http(s) address" },
        { "Campaign:QuickExitUrl", " https://www.example.org/", "Campaign:QuickExitUrl must be an absolute http(s) address" },
        { "Campaign:QuickExitUrl", "", "Campaign:QuickExitUrl must be an absolute http(s) address" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_configuration_stops_start_up_with_a_clear_message(string key, string value, string message)
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        var all = error is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains(message, all, StringComparison.Ordinal);
        Assert.True(error is OptionsValidationException || error.InnerException is OptionsValidationException || error is AggregateException, error.GetType().FullName);
    }

    [Fact]
    public void Sql_server_without_a_connection_string_says_which_key_to_set()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { ["Database:Provider"] = "SqlServer" });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("ConnectionStrings:Campaign is empty", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_allows_requests_to_its_own_origin_only()
    {
        using var app = new CampaignFactory();
        var session = new WebSession(app);
        foreach (var path in new[] { "/", "/screenings", "/account/login", "/account/register", "/privacy", "/nope" })
        {
            var page = await session.GetAsync(path);
            Assert.StartsWith("default-src 'self'", page.Headers["Content-Security-Policy"], StringComparison.Ordinal);
            Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);
            // Nothing the page loads by itself (scripts, styles, images, frames) points at another origin.
            foreach (Match m in Regex.Matches(page.Html, "<(script|link|img|iframe|source|video|audio)\\b[^>]*\\b(src|href)=\"([^\"]+)\""))
            {
                var url = m.Groups[3].Value;
                Assert.False(url.StartsWith("http", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal), $"{path} loads {url}");
            }
        }
    }

    [Fact]
    public async Task The_home_page_tells_visitors_about_the_film_where_to_get_help_and_how_to_host()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?>
        {
            ["Campaign:Film:Synopsis"] = "A synopsis set in configuration.",
            ["Campaign:SupportResources:0:Name"] = "Test Helpline",
            ["Campaign:SupportResources:0:Phone"] = "0800 000 000",
        });
        var page = await new WebSession(app).GetAsync("/");
        Assert.Contains("I Am Jane Doe", page.Text, StringComparison.Ordinal);
        Assert.Contains("A synopsis set in configuration.", page.Text, StringComparison.Ordinal);
        Assert.Contains("104 minutes", page.Text, StringComparison.Ordinal);
        Assert.Contains("Watch the trailer", page.Text, StringComparison.Ordinal);
        Assert.Contains("Test Helpline", page.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"tel:0800 000 000\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"/screenings/new\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Host a screening", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_pages_get_a_friendly_404()
    {
        using var app = new CampaignFactory();
        var page = await new WebSession(app).GetAsync("/s/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("There is nothing at this address", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mail_page_is_closed_to_visitors_outside_development()
    {
        using var app = new CampaignFactory();
        await Flows.RegisterAsync(app, "ana@example.org", confirm: false);

        var anonymous = await new WebSession(app).GetAsync("/mail");
        Assert.True(anonymous.Status.IsRedirect());
        Assert.Contains("/account/login", anonymous.Location, StringComparison.Ordinal);

        var staff = await Flows.StaffAsync(app);
        var list = await staff.GetAsync("/mail");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Contains("Confirm your e-mail address", list.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_anyone_can_read_the_mail_the_app_wrote()
    {
        using var app = new CampaignFactory("Development");
        await Flows.RegisterAsync(app, "ana@example.org", confirm: false);
        app.DeliverMail();
        var visitor = new WebSession(app);

        var list = await visitor.GetAsync("/mail");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var link = Regex.Match(list.Html, "href=\"(/mail/[^\"]+\\.eml)\"").Groups[1].Value;
        var mail = await visitor.GetAsync(link);
        Assert.Contains("Confirm your e-mail address", mail.Text, StringComparison.Ordinal);
        Assert.Contains("/account/confirm-email?userId=", mail.Text, StringComparison.Ordinal);

        var html = await visitor.GetAsync(link + "/html");
        Assert.StartsWith("sandbox", html.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync("/mail/..%2Fcampaign.db")).Status);
    }

    [Fact]
    public async Task Seed_demo_is_refused_outside_development()
    {
        var (code, output) = await RunAppAsync("Production", "--seed-demo");
        Assert.Equal(2, code);
        Assert.Contains("--seed-demo is refused in the Production environment", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_demo_in_development_prints_credentials_and_lists_screenings_in_several_zones()
    {
        var data = Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N"));
        var (code, output) = await RunAppAsync("Development", "--seed-demo", data);
        Assert.True(code == 0, output);
        Assert.Contains("Demo host : host@demo.campaign.invalid", output, StringComparison.Ordinal);
        var password = Regex.Match(output, "Demo host : \\S+\\s+Password  : (\\S+)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(password), output);

        using var app = new CampaignFactory("Development", new Dictionary<string, string?> { ["Campaign:DataDirectory"] = data });
        var directory = await new WebSession(app).GetAsync("/screenings");
        Assert.Contains("5 upcoming screenings", directory.Text, StringComparison.Ordinal);
        foreach (var abbreviation in new[] { "EST", "PST", "GMT", "AEDT", "IST" })
        {
            Assert.Contains(abbreviation, directory.Text, StringComparison.Ordinal);
        }

        await Flows.LoginAsync(app, "host@demo.campaign.invalid", password);
        var again = await RunAppAsync("Development", "--seed-demo", data);
        Assert.Contains("already there", again.Output, StringComparison.Ordinal);
    }

    /// <summary>Runs the built app as its own process, as `dotnet run --project src/Campaign.Web -- ARGS` would.</summary>
    private static async Task<(int Code, string Output)> RunAppAsync(string environment, string argument, string? dataDirectory = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N"));
        var dll = Path.Combine(AppContext.BaseDirectory, "Campaign.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, argument, "--Campaign:DataDirectory=" + dataDirectory,
                "--DataProtection:CertificatePath=" + TestCertificate.Path, "--DataProtection:CertificatePassword=" + TestCertificate.Password,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["DOTNET_ENVIRONMENT"] = environment;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
