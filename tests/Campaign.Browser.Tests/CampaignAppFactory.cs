using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Browser.Tests;

/// <summary>The real app on a real loopback socket (Kestrel, not TestServer), with its own data folder.</summary>
public sealed class CampaignAppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "campaign-browser-" + Guid.NewGuid().ToString("N"));

    public CampaignAppFactory()
    {
        // Port 0: the OS picks a free port on 127.0.0.1, so parallel runs on one machine never collide.
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no addresses.");
        RootUri = new Uri(addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
    }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri RootUri { get; }

    /// <summary>"http://127.0.0.1:PORT", the only origin a page may talk to.</summary>
    public string Origin => RootUri.GetLeftPart(UriPartial.Authority);

    public Uri Url(string path) => new(RootUri, path);

    /// <summary>Reads what the app stored (e.g. a ticket's code, which only its holder's mail carries).</summary>
    public T WithDb<T>(Func<Campaign.Infrastructure.Data.CampaignDbContext, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Data.CampaignDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development opens /mail to anyone, so the test reads its mail like a new user of a dev instance would.
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Campaign:DataDirectory"] = _dataDirectory,
            ["Database:Provider"] = "Sqlite",
            ["Mail:Mode"] = "Pickup",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Campaign:StaffEmails:0"] = SiteTour.StaffEmail,
            // Every browser test signs up and logs in from 127.0.0.1 against one app: the per-IP limits are not what they test.
            ["RateLimits:Register:PermitLimit"] = "1000",
            ["RateLimits:Login:PermitLimit"] = "1000",
            ["RateLimits:Rsvp:PermitLimit"] = "1000",
            ["RateLimits:AccountMail:PermitLimit"] = "1000",
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; never fail a run over it.
            }
        }
    }
}
