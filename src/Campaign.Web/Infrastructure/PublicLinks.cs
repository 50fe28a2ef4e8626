using Campaign.Infrastructure.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Absolute links for mail: Campaign:PublicBaseUrl when set, else the current request's origin, else (background jobs
/// with no request, e.g. reminders on a developer's machine) the address the server listens on.
/// </summary>
public sealed class PublicLinks(IOptions<CampaignOptions> options, IHttpContextAccessor http, IServer? server = null)
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

            if (http.HttpContext?.Request is { } request)
            {
                return $"{request.Scheme}://{request.Host}{request.PathBase}";
            }

            var listening = server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (listening is not null)
            {
                return listening.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                    .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                    .Replace("://+", "://localhost", StringComparison.Ordinal)
                    .Replace("://*", "://localhost", StringComparison.Ordinal)
                    .TrimEnd('/');
            }

            throw new InvalidOperationException("No request to take the site's address from; set Campaign:PublicBaseUrl.");
        }
    }

    public string Absolute(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}
