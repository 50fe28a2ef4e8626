using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Benchmarks;

/// <summary>A visitor with cookies that submits forms with their antiforgery token, like the web tests' WebSession.</summary>
internal sealed partial class Browser : IDisposable
{
    private readonly HttpClient _client;

    public Browser(string baseUrl)
    {
        _client = new HttpClient(new LoopbackCookies { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 } })
        {
            BaseAddress = new Uri(baseUrl),
        };
    }

    public async Task<(HttpStatusCode Status, string Html, string? Location)> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.OriginalString);
    }

    public async Task<string> TokenAsync(string path)
    {
        var (_, html, _) = await GetAsync(path);
        var match = Token().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    public async Task<(HttpStatusCode Status, string? Location)> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string token)
    {
        using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        using var response = await _client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// A cookie jar for the app on plain http over loopback: outside Development the app marks every cookie Secure, which
    /// CookieContainer keeps off http. Enough for one visitor: name=value, a cookie set empty or expired is dropped.
    /// Every request says <c>X-Forwarded-Proto: https</c>, as a TLS-terminating proxy on loopback would (the app trusts
    /// loopback proxies): outside Development antiforgery refuses to issue tokens on a request that is not HTTPS.
    /// </summary>
    private sealed class LoopbackCookies : DelegatingHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _jar = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (!_jar.IsEmpty)
            {
                request.Headers.Add("Cookie", string.Join("; ", _jar.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                if (eq == pair.Length - 1 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _jar.TryRemove(pair[..eq], out _);
                }
                else
                {
                    _jar[pair[..eq]] = pair[(eq + 1)..];
                }
            }

            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
