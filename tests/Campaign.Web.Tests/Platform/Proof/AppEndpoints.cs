using System.Text.RegularExpressions;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>One route and method of the running app, read from its endpoint data source (not from a hand list).</summary>
public sealed record AppEndpoint(string Method, string Pattern, Audience? Audience, string DisplayName)
{
    public bool IsSafe => Method is "GET" or "HEAD";

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>Every endpoint the app maps, with its HTTP methods and its declared <see cref="Audience"/>.</summary>
public static partial class AppEndpoints
{
    public static IReadOnlyList<AppEndpoint> Of(IServiceProvider services)
    {
        var source = services.GetRequiredService<EndpointDataSource>();
        var found = new List<AppEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } m ? m : ["GET", "POST"];
            var audience = endpoint.Metadata.GetMetadata<AudienceAttribute>()?.Audience;
            foreach (var method in methods)
            {
                found.Add(new AppEndpoint(method, pattern, audience, endpoint.DisplayName ?? pattern));
                if (method == "GET")
                {
                    // HEAD is answered wherever GET is (HeadBodyMiddleware); it must be as safe and as guarded.
                    found.Add(new AppEndpoint("HEAD", pattern, audience, endpoint.DisplayName ?? pattern));
                }
            }
        }

        return [.. found.DistinctBy(e => (e.Method, e.Pattern)).OrderBy(e => e.Pattern, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal)];
    }

    /// <summary>The names of the route parameters in <paramref name="pattern"/> (constraints dropped).</summary>
    public static IEnumerable<string> Parameters(string pattern) => Parameter().Matches(pattern).Select(m => m.Groups[1].Value);

    /// <summary>Replaces each route parameter with <paramref name="value"/>'s answer for it.</summary>
    public static string Fill(string pattern, Func<string, string> value) =>
        Parameter().Replace(pattern, m => Uri.EscapeDataString(value(m.Groups[1].Value)));

    [GeneratedRegex(@"\{\*{0,2}([A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex Parameter();
}
