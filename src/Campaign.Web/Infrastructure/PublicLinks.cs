using Campaign.Infrastructure.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Every absolute link the app writes (mail, calendar files and feeds, door and share links, List-Unsubscribe) starts
/// with <c>Campaign:PublicBaseUrl</c>. Never with the request's Host or X-Forwarded-Host: a forged header must not put
/// another site into a password-reset link. Outside Development start-up refuses without the setting
/// (<see cref="PublicLinksStartup"/>); in Development the base is the first https address the server listens on, else
/// the first http one.
/// </summary>
public sealed class PublicLinks(IOptions<CampaignOptions> options, IServer server)
{
    public string BaseUrl
    {
        get
        {
            var configured = options.Value.PublicBaseUrl;
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured.TrimEnd('/');
            }

            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var listening = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
                ?? addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase));
            if (listening is not null)
            {
                return listening.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                    .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                    .Replace("://+", "://localhost", StringComparison.Ordinal)
                    .Replace("://*", "://localhost", StringComparison.Ordinal)
                    .TrimEnd('/');
            }

            throw new InvalidOperationException("The server listens on no address to build links from; set Campaign:PublicBaseUrl.");
        }
    }

    public string Absolute(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}

/// <summary>What outside Development must be chosen rather than defaulted: the public address and the mail mode.</summary>
public static class PublicLinksStartup
{
    public const string MissingBaseUrl =
        "Campaign:PublicBaseUrl is required outside Development: every link in mail, calendar files and door links starts with it "
        + "(e.g. Campaign__PublicBaseUrl=https://screenings.example.org). Links are never taken from the request's Host header.";

    public const string MissingMailMode =
        "Mail:Mode must be chosen outside Development: Smtp (with Mail:Smtp:Host) to send mail, or Pickup to write it to files "
        + "that nobody receives (e.g. Mail__Mode=Smtp).";

    public static void RequireChosenSettings(IServiceCollection services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        services.AddOptions<CampaignOptions>().Validate(o => !string.IsNullOrWhiteSpace(o.PublicBaseUrl), MissingBaseUrl);
        services.AddOptions<Campaign.Infrastructure.Mail.MailOptions>().Validate(_ => !string.IsNullOrWhiteSpace(configuration["Mail:Mode"]), MissingMailMode);
    }
}
