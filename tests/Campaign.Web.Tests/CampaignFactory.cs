using System.Net;
using System.Text.RegularExpressions;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>The whole app on a fresh SQLite file in its own temp folder, with mail written to a pickup folder there.</summary>
public class CampaignFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    static CampaignFactory()
    {
        // The layout's asp-append-version makes every host watch wwwroot with an inotify instance that outlives the
        // host; with several suites running at once Linux's per-user limit (128) ran out. Polling needs none.
        System.Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public CampaignFactory(string environment = "Testing", IDictionary<string, string?>? settings = null)
    {
        Environment = environment;
        DataDirectory = Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        ClientOptions.BaseAddress = BaseAddress;
        _settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Campaign:DataDirectory"] = DataDirectory,
            // Outside Development both must be chosen (the app refuses to start otherwise); the test clients talk to https://localhost.
            ["Campaign:PublicBaseUrl"] = "https://localhost",
            ["Mail:Mode"] = "Pickup",
            ["Campaign:StaffEmails:0"] = "staff@example.org",
            // Tests drive the outbox dispatcher step by step (DeliverMail) instead of a background loop.
            ["Mail:DispatchInBackground"] = "false",
            // Reminders too: tests call ReminderJob.RunOnceAsync at the fake time they choose.
            ["Campaign:RunBackgroundJobs"] = "false",
            // Generous limits so no test trips a rate limit by accident; RateLimitTests lowers them.
            ["RateLimits:Rsvp:PermitLimit"] = "10000",
            ["RateLimits:WalkIn:PermitLimit"] = "10000",
            ["RateLimits:Invite:PermitLimit"] = "10000",
            ["RateLimits:CheckIn:PermitLimit"] = "100000",
            ["RateLimits:Login:PermitLimit"] = "10000",
            ["RateLimits:LoginAccount:PermitLimit"] = "10000",
            ["RateLimits:TwoFactor:PermitLimit"] = "10000",
            ["RateLimits:Register:PermitLimit"] = "10000",
            ["RateLimits:AccountMail:PermitLimit"] = "10000",
            ["RateLimits:AccountMailPerAddress:PermitLimit"] = "10000",
            // Outside Development the Data Protection keys are encrypted with a certificate: one made for this run.
            ["DataProtection:CertificatePath"] = TestCertificate.Path,
            ["DataProtection:CertificatePassword"] = TestCertificate.Password,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            // null: leave the key unset, as a deployment that never mentions it.
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public string Environment { get; }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>Starts at the real time (cookies must not look expired to the client) and moves only when a test says so.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>Clients talk https, as in production: outside Development every cookie is Secure.</summary>
    public static Uri BaseAddress { get; } = new("https://localhost");

    /// <summary>When set, every client of this factory sends this Host header and X-Forwarded-Host (an attacker's request).</summary>
    public string? ForgedHost { get; init; }

    public virtual HttpClient Browser() => Forge(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = BaseAddress }));

    protected HttpClient Forge(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (ForgedHost is not null)
        {
            client.DefaultRequestHeaders.Host = ForgedHost;
            client.DefaultRequestHeaders.Add("X-Forwarded-Host", "forwarded." + ForgedHost);
        }

        return client;
    }

    public T WithDb<T>(Func<CampaignDbContext, T> read)
    {
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<CampaignDbContext>());
    }

    /// <summary>Runs the outbox dispatcher once at the current fake time, as the background loop would.</summary>
    public int DeliverMail() => Services.GetRequiredService<MailDispatcher>().RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Every mail delivered so far to the pickup folder (delivering what is due first).</summary>
    public IReadOnlyList<MimeMessage> Mails()
    {
        DeliverMail();
        if (!Directory.Exists(MailDirectory))
        {
            return [];
        }

        return [.. Directory.GetFiles(MailDirectory, "*.eml").OrderBy(File.GetLastWriteTimeUtc).ThenBy(f => f, StringComparer.Ordinal).Select(f => MimeMessage.Load(f))];
    }

    public IReadOnlyList<MimeMessage> MailsTo(string address) =>
        [.. Mails().Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>The first link in the newest mail to <paramref name="address"/> whose path starts with <paramref name="pathPrefix"/>.</summary>
    public string LinkInMail(string address, string pathPrefix)
    {
        foreach (var mail in MailsTo(address).Reverse())
        {
            foreach (Match m in Regex.Matches(mail.TextBody ?? "", @"https?://\S+"))
            {
                var uri = new Uri(m.Value);
                if (uri.AbsolutePath.StartsWith(pathPrefix, StringComparison.Ordinal))
                {
                    return uri.PathAndQuery;
                }
            }
        }

        throw new InvalidOperationException($"No mail to {address} holds a link to {pathPrefix}.");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A SQLite handle may still be closing; the temp folder is cleaned by the OS later.
            }
        }
    }
}

internal static class HttpStatus
{
    public static bool IsRedirect(this HttpStatusCode code) => (int)code is >= 300 and < 400;
}
