using System.Net;
using System.Text.RegularExpressions;

namespace Campaign.Web.Tests;

/// <summary>One visitor with a cookie jar: gets pages and submits their forms as a browser would (antiforgery included).</summary>
public sealed partial class WebSession(CampaignFactory factory)
{
    private readonly HttpClient _client = factory.Browser();

    /// <summary>A visitor behind a proxy that forwards <paramref name="forwardedFor"/> as the client address.</summary>
    public WebSession(CampaignFactory factory, string forwardedFor)
        : this(factory) => _client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);

    public CampaignFactory Factory => factory;

    public async Task<Page> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        return await Page.FromAsync(response);
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="path"/> with extra request headers (HEAD, prefetch hints, a door token).</summary>
    public async Task<Page> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request);
        return await Page.FromAsync(response);
    }

    /// <summary>A download as the bytes sent (a file: no decoding, no BOM stripped).</summary>
    public async Task<(HttpStatusCode Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)> DownloadAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.RelativeOrAbsolute));
        return await DownloadAsync(request);
    }

    /// <summary>Sends a request exactly as built, with this session's cookies, and returns the bytes sent back (a browser's network, for the axe tour).</summary>
    public async Task<(HttpStatusCode Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)> DownloadAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), headers);
    }

    /// <summary>The body of a GET (an image) with this session's cookies; asserts it answered 200.</summary>
    public async Task<byte[]> GetBytesAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Opens <paramref name="formPage"/>, takes its antiforgery token, and posts the fields to <paramref name="action"/>.</summary>
    public async Task<Page> SubmitAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetAsync(formPage);
        var token = page.AntiforgeryToken ?? throw new InvalidOperationException($"{formPage} has no antiforgery token (status {(int)page.Status}).\n{page.Html}");
        return await PostAsync(action, fields, token);
    }

    public async Task<Page> PostAsync(string action, IEnumerable<KeyValuePair<string, string>> fields, string? token)
    {
        var all = fields.ToList();
        if (token is not null)
        {
            all.Add(new("__RequestVerificationToken", token));
        }

        using var content = new FormUrlEncodedContent(all);
        using var response = await _client.PostAsync(new Uri(action, UriKind.Relative), content);
        return await Page.FromAsync(response);
    }

    /// <summary>Posts a form body exactly as given (already %-encoded; each char one byte), for input a browser would not send.</summary>
    public async Task<Page> PostRawAsync(string action, string formBody)
    {
        using var content = new ByteArrayContent(System.Text.Encoding.Latin1.GetBytes(formBody));
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await _client.PostAsync(new Uri(action, UriKind.Relative), content);
        return await Page.FromAsync(response);
    }

    /// <summary>Calls a JSON API with this session's cookies (and a door link's header when given); returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> JsonAsync(HttpMethod method, string path, object? body = null, string? doorToken = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        if (doorToken is not null)
        {
            request.Headers.Add("X-Door-Token", doorToken);
        }

        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        using var response = await _client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (text.Length > 0 && text[0] is not ('{' or '['))
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode} with something other than JSON:\n{text[..Math.Min(text.Length, 3000)]}");
        }

        var json = text.Length == 0 ? default : System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, json);
    }

    public Task<Page> SubmitAsync(string formPage, string action, params (string Key, string Value)[] fields) =>
        SubmitAsync(formPage, action, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    /// <summary>Sends a request exactly as built (any method, headers and body) with this session's cookies.</summary>
    public async Task<Page> SendAsync(HttpRequestMessage request)
    {
        using var response = await _client.SendAsync(request);
        return await Page.FromAsync(response);
    }

    /// <summary>Follows redirects like a browser and returns the final page.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        var hops = 0;
        while (page.Status.IsRedirect() && hops++ < 10)
        {
            page = await GetAsync(page.Location!);
        }

        return page;
    }

    public sealed partial record Page(HttpStatusCode Status, string Html, string? Location, IReadOnlyDictionary<string, string> Headers)
    {
        public string? AntiforgeryToken => TokenPattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

        /// <summary>The page's text with tags removed and entities decoded (what a reader sees).</summary>
        public string Text => WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(Html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline), "<[^>]+>", " "));

        public static async Task<Page> FromAsync(HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.Concat(response.Content.Headers)
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
            return new Page(response.StatusCode, html, response.Headers.Location?.OriginalString, headers);
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
