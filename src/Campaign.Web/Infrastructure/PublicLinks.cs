using Campaign.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>Absolute links for mail: Campaign:PublicBaseUrl when set, else the current request's origin.</summary>
public sealed class PublicLinks(IOptions<CampaignOptions> options, IHttpContextAccessor http)
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

            var request = http.HttpContext?.Request ?? throw new InvalidOperationException("No request to take the site's address from; set Campaign:PublicBaseUrl.");
            return $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    public string Absolute(string pathAndQuery) => BaseUrl + (pathAndQuery.StartsWith('/') ? pathAndQuery : "/" + pathAndQuery);
}
