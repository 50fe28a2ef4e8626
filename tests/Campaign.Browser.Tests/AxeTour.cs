using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Campaign.Web.Infrastructure;
using Campaign.Web.Tests;
using Campaign.Web.Tests.Platform.Proof;
using Microsoft.Playwright;

namespace Campaign.Browser.Tests;

/// <summary>Who looks at a page in the tour.</summary>
public enum Visitor
{
    /// <summary>Not signed in; on a link-holder route the secret in the path (a guest's RSVP, ticket, invitation, the door link's page) is the key.</summary>
    Anonymous,

    /// <summary>Not signed in, every request carrying this screening's door link (as the scanner's own requests do).</summary>
    DoorLink,

    /// <summary>The screening's host (its owner).</summary>
    Host,

    /// <summary>Staff, signed in with both factors.</summary>
    Staff,

    /// <summary>Password given, second factor pending.</summary>
    SigningIn,
}

/// <summary>
/// axe-core in Chromium on every HTML GET route of the app (issue 13, item 5): the routes come from the endpoint data source
/// and are filled from the proof tests' <see cref="SeededWorld"/>, exactly as the header, method and authorization proofs
/// do, so a route added next month is checked without anyone listing it. Each route is seen by the visitors its declared
/// <see cref="Audience"/> lets in, at 390 px and then, by resizing the same page, at 1280 px.
/// <para>
/// The world is the proof tests' own app (TestServer, the Testing environment: Secure __Host- cookies over https, as in
/// production), so Chromium's network is each visitor's <see cref="WebSession"/>: every request the page makes is routed
/// to it and answered with the app's bytes, status and headers. Requests to any other origin are refused and reported.
/// </para>
/// </summary>
public sealed partial class AxeTour : IAsyncDisposable
{
    private static readonly int[] Widths = [390, 1280];

    private readonly ProofApp _proof;
    private readonly IBrowser _browser;
    private readonly Dictionary<Visitor, (WebSession Session, IBrowserContext Context, IPage Page)> _visitors = [];
    private readonly ConcurrentQueue<string> _foreign = new();

    // Routing a context turns off Chromium's HTTP cache: the app's static files (same bytes for everyone) are kept here instead.
    private readonly ConcurrentDictionary<string, (HttpStatusCode Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)> _static = new(StringComparer.Ordinal);
    private readonly Stopwatch _probing = new();
    private readonly Stopwatch _loading = new();
    private readonly Stopwatch _axe = new();

    private AxeTour(ProofApp proof, IBrowser browser) => (_proof, _browser) = (proof, browser);

    /// <summary>Pages looked at (route x visitor), each at both widths.</summary>
    public int Visits { get; private set; }

    /// <summary>What was looked at: "GET /pattern as Visitor".</summary>
    public List<string> Visited { get; } = [];

    /// <summary>Pages for anyone whose main content the host sees exactly as an anonymous visitor does (checked once).</summary>
    public int SameForHost { get; private set; }

    /// <summary>GET routes that answered something other than HTML (calendar files, CSV, images, JSON, manifests, health).</summary>
    public SortedSet<string> NotHtml { get; } = new(StringComparer.Ordinal);

    /// <summary>A tour over <paramref name="proof"/>'s world in <paramref name="browser"/>.</summary>
    public static AxeTour For(ProofApp proof, IBrowser browser) => new(proof, browser);

    /// <summary>Who can see a route that declares <paramref name="audience"/> (the matrix's rule: <see cref="EndpointProofTests.LetsIn"/>).</summary>
    public static IReadOnlyList<Visitor> VisitorsOf(AppEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.Audience switch
        {
            Audience.Anyone => [Visitor.Anonymous, Visitor.Host],
            Audience.LinkHolder => [Visitor.Anonymous],
            Audience.SignedIn or Audience.ScreeningManagers or Audience.ScreeningOwner => [Visitor.Host],
            Audience.ScreeningTeam => [Visitor.Host, Visitor.Staff],
            Audience.Door => [Visitor.DoorLink, Visitor.Host],
            Audience.Staff => [Visitor.Staff],
            Audience.SigningIn => [Visitor.SigningIn],
            // The error pages: a direct visit shows the not-found page, which is what anyone sees at a dead link.
            Audience.Pipeline => [Visitor.Anonymous],
            _ => [],
        };
    }

    /// <summary>
    /// Visits every GET route of <paramref name="endpoints"/> as each visitor that may see it and runs axe (WCAG 2.0/2.1 A
    /// and AA) at both widths. Returns one line per problem, naming the route, visitor, width and rule; a route that cannot
    /// be visited with the seeded world (no value for a parameter, refused, an error) is a problem too.
    /// <paramref name="afterLoad"/> may change a page before axe runs (to prove a violation is reported).
    /// </summary>
    public async Task<List<string>> CheckAsync(IEnumerable<AppEndpoint> endpoints, Func<IPage, Task>? afterLoad = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var problems = new List<string>();
        var seen = new HashSet<(Visitor, string)>();
        var anonymousMain = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Where(e => e.Method == "GET"))
        {
            string path;
            try
            {
                path = _proof.World.LinkFor(endpoint.Pattern);
            }
            catch (InvalidOperationException e)
            {
                problems.Add($"{endpoint}: cannot be visited: {e.Message}");
                continue;
            }

            var visitors = VisitorsOf(endpoint);
            if (visitors.Count == 0)
            {
                problems.Add($"{endpoint}: declares no audience, so nobody can be sent to look at it.");
            }

            foreach (var visitor in visitors)
            {
                var (session, _, page) = await VisitorAsync(visitor);
                var where = $"{endpoint} as {visitor} ({path})";
                _probing.Start();
                var (status, type, final, refused, html) = await ProbeAsync(session, visitor, path);
                _probing.Stop();
                var expected = endpoint.Audience == Audience.Pipeline ? HttpStatusCode.NotFound : HttpStatusCode.OK;
                if (refused || status != expected)
                {
                    problems.Add($"{where}: cannot be visited with the seeded world: answered {(int)status}{(final == path ? "" : " at " + final)} (expected {(int)expected}); give SeededWorld what the route needs.");
                    continue;
                }

                if (!type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
                {
                    NotHtml.Add($"{endpoint} ({type})");
                    continue;
                }

                // A route that sends this visitor on to a page already checked (the RSVP form's GET goes back to the screening) is covered.
                if (seen.Contains((visitor, final)))
                {
                    continue;
                }

                // The host on a page for anyone: when its main content is the anonymous visitor's, only the signed-in header
                // differs, and that header is checked on every page only the host sees.
                var main = MainOf(html);
                if (visitor == Visitor.Anonymous)
                {
                    anonymousMain[endpoint.Pattern] = main;
                }
                else if (visitor == Visitor.Host && anonymousMain.TryGetValue(endpoint.Pattern, out var same) && same == main)
                {
                    SameForHost++;
                    continue;
                }

                seen.Add((visitor, final));
                Visits++;
                Visited.Add($"{endpoint} as {visitor}");
                // Chromium opens the page the redirects end at (the probe followed them with the same session and cookies).
                problems.AddRange(await AxeAsync(page, final, afterLoad, $"{endpoint} as {visitor}"));
            }
        }

        var foreign = _foreign.Distinct(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            problems.Add("Requests the tour refused (another origin) or could not answer: " + string.Join(", ", foreign));
        }

        return problems;
    }

    private async Task<List<string>> AxeAsync(IPage page, string path, Func<IPage, Task>? afterLoad, string what)
    {
        var problems = new List<string>();
        await page.SetViewportSizeAsync(Widths[0], 844);
        _loading.Start();
        var response = await page.GotoAsync(path);
        _loading.Stop();
        if (response is null)
        {
            return [$"{what} ({path}): Chromium got no response"];
        }

        if (afterLoad is not null)
        {
            await afterLoad(page);
        }

        foreach (var width in Widths)
        {
            if (width != Widths[0])
            {
                // The same page, resized: the layout at this width without a second request. Every disclosure opened
                // (the menu, "Add walk-in", a confirm step's details): axe skips what is hidden, and a field behind a
                // closed <details> is still a field someone fills in.
                await page.SetViewportSizeAsync(width, 800);
                await page.EvaluateAsync("() => document.querySelectorAll('details').forEach(d => { d.open = true; })");
            }

            _axe.Start();
            var violations = await Axe.RunAsync(page);
            _axe.Stop();
            // The query (a mailed link's key) is left out: long, secret, and not what tells the reader which page it was.
            problems.AddRange(violations.Select(v => $"{what} at {width} px ({path.Split('?')[0]}): axe {v}"));
        }

        return problems;
    }

    /// <summary>What the route answers this visitor, following redirects as a browser would: status, type, final path, and whether it was sent to log in or denied.</summary>
    private async Task<(HttpStatusCode Status, string Type, string Final, bool Refused, string Html)> ProbeAsync(WebSession session, Visitor visitor, string path)
    {
        var current = path;
        for (var hops = 0; ; hops++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(current, UriKind.Relative));
            request.Headers.Accept.ParseAdd("text/html");
            if (visitor == Visitor.DoorLink)
            {
                request.Headers.Add(ScreeningAccess.DoorHeader, _proof.World.DoorToken);
            }

            var (status, body, headers) = await session.DownloadAsync(request);
            var type = headers.TryGetValue("Content-Type", out var t) ? t : "";
            if ((int)status is >= 300 and < 400 && headers.TryGetValue("Location", out var location) && hops < 10)
            {
                // "/s/x" is an absolute file URI to .NET on Linux: only http(s) locations are taken apart.
                var next = Uri.TryCreate(location, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
                    ? absolute.PathAndQuery
                    : location.Split('#')[0];
                if (next.StartsWith("/account/login", StringComparison.Ordinal) && visitor != Visitor.SigningIn
                    || next.StartsWith("/account/access-denied", StringComparison.Ordinal))
                {
                    return (status, type, next, true, "");
                }

                current = next;
                continue;
            }

            return (status, type, current, false, type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) ? Encoding.UTF8.GetString(body) : "");
        }
    }

    /// <summary>A page's &lt;main&gt;, without what differs per visit (antiforgery tokens, nonces).</summary>
    private static string MainOf(string html)
    {
        var main = MainElement().Match(html);
        return main.Success ? VisitSecrets().Replace(main.Value, "") : html;
    }

    [GeneratedRegex("<main[\\s\\S]*</main>")]
    private static partial Regex MainElement();

    [GeneratedRegex("(value|nonce)=\"CfDJ8[^\"]*\"|nonce=\"[^\"]*\"")]
    private static partial Regex VisitSecrets();

    private async Task<(WebSession Session, IBrowserContext Context, IPage Page)> VisitorAsync(Visitor visitor)
    {
        if (_visitors.TryGetValue(visitor, out var known))
        {
            return known;
        }

        var session = visitor switch
        {
            Visitor.Host => _proof.Who.Owner,
            Visitor.Staff => _proof.Who.Staff,
            Visitor.SigningIn => await SigningInAsync(),
            _ => new WebSession(_proof.App),
        };
        // Injecting axe's script needs the page's CSP bypassed (Axe.Session); the CSP itself is proved by EndpointProofTests.
        var context = await _browser.NewContextAsync(Axe.Session(new BrowserNewContextOptions
        {
            BaseURL = CampaignFactory.BaseAddress.ToString(),
            ServiceWorkers = ServiceWorkerPolicy.Block,
        }));
        context.SetDefaultTimeout(15_000);
        var origin = CampaignFactory.BaseAddress.GetLeftPart(UriPartial.Authority);
        await context.RouteAsync("**/*", route => ServeAsync(route, session, visitor, origin));
        var page = await context.NewPageAsync();
        _visitors[visitor] = (session, context, page);
        return _visitors[visitor];
    }

    /// <summary>Answers one request of the page from the app, through the visitor's session (its cookies, its door link).</summary>
    private async Task ServeAsync(IRoute route, WebSession session, Visitor visitor, string origin)
    {
        try
        {
            await AnswerAsync(route, session, visitor, origin);
        }
        catch (Exception e) when (e is not PlaywrightException)
        {
            // Reported, never a silent fall-through to the network (nothing listens on https://localhost).
            _foreign.Enqueue($"{route.Request.Method} {route.Request.Url} could not be answered: {e.GetType().Name}: {e.Message}");
            await route.AbortAsync();
        }
    }

    private async Task AnswerAsync(IRoute route, WebSession session, Visitor visitor, string origin)
    {
        var request = route.Request;
        if (!request.Url.StartsWith(origin + "/", StringComparison.Ordinal))
        {
            if (!request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                _foreign.Enqueue(request.Url);
            }

            await route.AbortAsync();
            return;
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(request.Url[origin.Length..], UriKind.Relative));
        if (request.PostDataBuffer is { } body)
        {
            message.Content = new ByteArrayContent(body);
        }

        foreach (var (name, value) in request.Headers)
        {
            // The session holds the cookies (Chromium's jar stays empty); the handler sets host and length.
            if (name is "cookie" or "host" or "content-length")
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (visitor == Visitor.DoorLink)
        {
            message.Headers.Add(ScreeningAccess.DoorHeader, _proof.World.DoorToken);
        }

        var shared = request.Method == "GET" && request.ResourceType is "stylesheet" or "script" or "font" or "image";
        if (!shared || !_static.TryGetValue(request.Url, out var answer))
        {
            answer = await session.DownloadAsync(message);
            if (shared && answer.Status == HttpStatusCode.OK && !(answer.Headers.TryGetValue("Cache-Control", out var cache)
                && (cache.Contains("no-store", StringComparison.Ordinal) || cache.Contains("private", StringComparison.Ordinal))))
            {
                _static[request.Url] = answer;
            }
        }

        var (status, bytes, headers) = answer;
        await route.FulfillAsync(new RouteFulfillOptions
        {
            Status = (int)status,
            BodyBytes = bytes,
            Headers = headers.Where(h => h.Key.ToLowerInvariant() is not ("set-cookie" or "content-length" or "transfer-encoding")),
        });
    }

    /// <summary>A new visitor halfway through logging in: staff's password given, the authenticator code not yet.</summary>
    private async Task<WebSession> SigningInAsync()
    {
        var session = new WebSession(_proof.App);
        var login = await session.SubmitAsync("/account/login", "/account/login", ("Email", "staff@example.org"), ("Password", Flows.Password));
        Assert.True(login.Location?.StartsWith("/account/login-2fa", StringComparison.Ordinal) == true,
            $"Staff's password should lead to the second step, got {(int)login.Status} {login.Location}");
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, context, _) in _visitors.Values)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The tour's figures in words, for the test output.</summary>
    public string Summary(TimeSpan took)
    {
        var text = new StringBuilder();
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Visits} pages (route x visitor) at {Widths.Length} widths = {Visits * Widths.Length} axe runs in {took.TotalSeconds:F1} s ");
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"(probing {_probing.Elapsed.TotalSeconds:F1} s, loading {_loading.Elapsed.TotalSeconds:F1} s, axe {_axe.Elapsed.TotalSeconds:F1} s); ");
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{SameForHost} pages for anyone the host sees as an anonymous visitor does, checked once. ");
        text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Not HTML ({NotHtml.Count}): {string.Join("; ", NotHtml)}");
        return text.ToString();
    }
}
