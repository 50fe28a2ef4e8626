using System.Net;
using System.Text.RegularExpressions;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>
/// Security and robustness claims proved over every endpoint the app maps (issue 13): enumerated from the endpoint data
/// source with a seeded world, so a route added next month is covered without anyone remembering. See
/// docs/architecture.md ("Proof in the suite").
/// </summary>
public sealed partial class EndpointProofTests(ProofApp proof) : IClassFixture<ProofApp>
{
    private static readonly Caller[] Everyone = Enum.GetValues<Caller>();

    /// <summary>Who a declaration lets in. A door link may undo only its own admissions of the last 5 minutes: CheckInTests prove that rule.</summary>
    public static bool LetsIn(AppEndpoint endpoint, Caller caller) => endpoint.Audience switch
    {
        Audience.Anyone or Audience.LinkHolder => true,
        Audience.SignedIn => caller is Caller.Owner or Caller.CoHost or Caller.OtherHost or Caller.Staff or Caller.StaffWithoutTwoFactor,
        Audience.ScreeningTeam => caller is Caller.Owner or Caller.CoHost or Caller.Staff,
        Audience.ScreeningManagers => caller is Caller.Owner or Caller.CoHost,
        Audience.ScreeningOwner => caller is Caller.Owner,
        Audience.Door => caller is Caller.Owner or Caller.CoHost or Caller.Staff or Caller.ThisDoor,
        Audience.Staff => caller is Caller.Staff,
        // Nobody in the matrix is halfway through a log-in, and nobody may visit an error page directly.
        Audience.SigningIn or Audience.Pipeline => false,
        _ => false,
    };

    [Fact]
    public void Every_endpoint_declares_its_audience()
    {
        Assert.True(proof.Endpoints.Count > 50, $"Only {proof.Endpoints.Count} endpoints were found: the enumeration is broken.");
        var undeclared = proof.Endpoints.Where(e => e.Audience is null).Select(e => $"{e} ({e.DisplayName})").Distinct().ToList();
        Assert.True(undeclared.Count == 0, "Declare [Audience(...)] on: " + string.Join("; ", undeclared));
    }

    [Fact]
    public async Task Every_route_sends_the_security_headers_and_only_secure_host_only_cookies()
    {
        var problems = new List<string>();
        foreach (var endpoint in proof.Endpoints)
        {
            foreach (var caller in endpoint.IsSafe ? [Caller.Anonymous, Caller.Owner, Caller.ThisDoor, Caller.Staff] : new[] { Caller.Anonymous })
            {
                var (session, door) = proof.World.As(caller);
                // A public host name: HSTS is never sent to localhost.
                var page = await proof.SendAsync(endpoint, proof.World.PathFor(endpoint.Pattern), session, door, host: "screenings.example.org");
                var where = $"{endpoint} as {caller} ({(int)page.Status})";
                problems.AddRange(HeaderProblems(page, endpoint).Select(p => $"{where}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Get_and_head_change_nothing_for_anyone()
    {
        var changed = new List<string>();
        foreach (var endpoint in proof.Endpoints.Where(e => e.IsSafe && !SafetyExceptions.Excepts(SafetyExceptions.GetChangesNothing, e)))
        {
            foreach (var caller in Everyone)
            {
                var (session, door) = proof.World.As(caller);
                var before = proof.RowCounts();
                var page = await proof.SendAsync(endpoint, proof.World.PathFor(endpoint.Pattern), session, door);
                proof.App.DeliverMail();
                var changes = ProofApp.Changes(before, proof.RowCounts());
                if (changes.Length > 0 || (int)page.Status >= 500)
                {
                    changed.Add($"{endpoint} as {caller} ({(int)page.Status}): {changes}");
                }
            }
        }

        Assert.True(changed.Count == 0, string.Join("\n", changed));
    }

    [Fact]
    public async Task Who_may_read_each_route_is_what_it_declares()
    {
        var wrong = new List<string>();
        foreach (var endpoint in proof.Endpoints.Where(e => e.IsSafe && e.Audience is not null))
        {
            foreach (var caller in Everyone)
            {
                var (session, door) = proof.World.As(caller);
                var page = await proof.SendAsync(endpoint, proof.World.PathFor(endpoint.Pattern), session, door);
                var expected = LetsIn(endpoint, caller);
                if ((int)page.Status >= 500 || ProofApp.Refused(page) == expected)
                {
                    wrong.Add($"{endpoint} as {caller}: expected {(expected ? "in" : "refused")}, got {(int)page.Status} {page.Location}");
                }

                var altered = proof.World.PathWithWrongSecret(endpoint.Pattern);
                if (endpoint.Audience == Audience.LinkHolder && altered != proof.World.PathFor(endpoint.Pattern))
                {
                    var forged = await proof.SendAsync(endpoint, altered, session, door);
                    if (forged.Status != HttpStatusCode.NotFound)
                    {
                        wrong.Add($"{endpoint} as {caller} with an altered secret: expected 404, got {(int)forged.Status} {forged.Location}");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Everyone_a_write_does_not_declare_is_refused_and_changes_nothing()
    {
        var wrong = new List<string>();
        foreach (var endpoint in proof.Endpoints.Where(e => !e.IsSafe && e.Audience is not null))
        {
            foreach (var caller in Everyone.Where(c => !LetsIn(endpoint, c)))
            {
                var (session, door) = proof.World.As(caller);
                var before = proof.RowCounts();
                var page = await proof.SendAsync(endpoint, proof.World.PathFor(endpoint.Pattern), session, door);
                proof.App.DeliverMail();
                var changes = ProofApp.Changes(before, proof.RowCounts());
                if (!ProofApp.Refused(page) || changes.Length > 0)
                {
                    wrong.Add($"{endpoint} as {caller}: expected refused with nothing changed, got {(int)page.Status} {page.Location} {changes}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_unsafe_request_without_a_valid_antiforgery_token_is_refused_and_changes_nothing()
    {
        var wrong = new List<string>();
        var stranger = new WebSession(proof.App);
        var strangersToken = await ProofApp.TokenAsync(stranger);
        foreach (var endpoint in proof.Endpoints.Where(e => !e.IsSafe && !SafetyExceptions.Excepts(SafetyExceptions.Antiforgery, e)))
        {
            // As someone the endpoint lets in, so that only the token can be what refuses them.
            var caller = Everyone.Reverse().FirstOrDefault(c => LetsIn(endpoint, c), Caller.Anonymous);
            var (session, door) = proof.World.As(caller);
            var path = proof.World.PathFor(endpoint.Pattern);
            foreach (var (what, token) in new[] { ("no token", (string?)null), ("another visitor's token", strangersToken), ("a mangled token", "CfDJ8" + new string('A', 80)) })
            {
                var before = proof.RowCounts();
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(path, UriKind.Relative));
                var fields = new List<KeyValuePair<string, string>>();
                if (token is not null)
                {
                    fields.Add(new("__RequestVerificationToken", token));
                }

                request.Content = new FormUrlEncodedContent(fields);
                var page = await session.SendAsync(request);
                proof.App.DeliverMail();
                var changes = ProofApp.Changes(before, proof.RowCounts());
                if (page.Status != HttpStatusCode.BadRequest || changes.Length > 0)
                {
                    wrong.Add($"{endpoint} as {caller} with {what}: expected 400 with nothing changed, got {(int)page.Status} {page.Location} {changes}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Each_deliberate_exception_names_a_real_endpoint_and_keeps_its_own_protection()
    {
        foreach (var entry in SafetyExceptions.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Reason));
            Assert.Contains(proof.Endpoints, e => e.Method == entry.Method && e.Pattern == entry.Pattern);
        }

        var before = proof.RowCounts();

        // The door's API: no door link and no cookie, no entry (a form post from another site has neither).
        foreach (var api in SafetyExceptions.All.Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal)))
        {
            var endpoint = proof.Endpoints.Single(e => e.Method == api.Method && e.Pattern == api.Pattern);
            var page = await proof.SendAsync(endpoint, api.Pattern, new WebSession(proof.App), doorToken: null);
            Assert.Equal(HttpStatusCode.Unauthorized, page.Status);

            using var form = new HttpRequestMessage(HttpMethod.Post, new Uri(api.Pattern, UriKind.Relative))
            {
                Content = new FormUrlEncodedContent([new("screening", proof.World.Slug), new("code", proof.World.TicketCode)]),
            };
            var cross = await proof.Who.Owner.SendAsync(form);
            Assert.True((int)cross.Status is >= 400 and < 500, $"A form post to {api.Pattern} with the host's cookie answered {(int)cross.Status}.");
        }

        // Unsubscribe: the page's button without its token is refused.
        var unsubscribe = $"/unsubscribe/{proof.World.UnsubscribeToken}";
        var button = await new WebSession(proof.App).PostAsync(unsubscribe, [], token: null);
        Assert.Equal(HttpStatusCode.BadRequest, button.Status);

        // The error page changes nothing.
        var error = await new WebSession(proof.App).PostAsync("/error", [new("code", "500")], token: null);
        Assert.Equal(HttpStatusCode.NotFound, error.Status);

        Assert.Equal("", ProofApp.Changes(before, proof.RowCounts()));
    }

    private static IEnumerable<string> HeaderProblems(WebSession.Page page, AppEndpoint endpoint)
    {
        string? Header(string name) => page.Headers.TryGetValue(name, out var v) ? v : null;
        var csp = Header("Content-Security-Policy");
        if (csp is null)
        {
            yield return "no Content-Security-Policy";
        }
        else
        {
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d, StringComparer.OrdinalIgnoreCase);
            var script = directives.GetValueOrDefault("script-src") ?? directives.GetValueOrDefault("default-src");
            if (script is null || script.Contains("'unsafe-inline'", StringComparison.Ordinal) || script.Contains("'unsafe-eval'", StringComparison.Ordinal) || script.Contains('*', StringComparison.Ordinal))
            {
                yield return $"scripts not limited to this origin: {script}";
            }

            // The dev mail viewer shows a mail in a sandboxed frame of its own page: that one response may be framed by this origin.
            var framing = endpoint.Pattern == "/mail/{name}/html" && page.Status == HttpStatusCode.OK ? "frame-ancestors 'self'" : "frame-ancestors 'none'";
            if (directives.GetValueOrDefault("frame-ancestors") != framing)
            {
                yield return $"not {framing}: {directives.GetValueOrDefault("frame-ancestors")}";
            }
        }

        if (Header("X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (Header("Referrer-Policy") != "no-referrer")
        {
            yield return $"Referrer-Policy is {Header("Referrer-Policy") ?? "missing"}";
        }

        if (Header("Strict-Transport-Security") != "max-age=31536000")
        {
            yield return $"Strict-Transport-Security is {Header("Strict-Transport-Security") ?? "missing"}";
        }

        foreach (var cookie in Header("Set-Cookie") is { } all ? CookieSplit().Split(all) : [])
        {
            if (!cookie.StartsWith("__Host-", StringComparison.Ordinal) || !Regex.IsMatch(cookie, "(?i); secure(;|$)")
                || !Regex.IsMatch(cookie, "(?i); httponly(;|$)") || !Regex.IsMatch(cookie, "(?i); samesite=(lax|strict)(;|$)")
                || Regex.IsMatch(cookie, "(?i); domain="))
            {
                yield return $"cookie not __Host-, Secure, HttpOnly, SameSite and host-only: {cookie.Split(';')[0].Split('=')[0]}; {string.Join(";", cookie.Split(';').Skip(1))}";
            }
        }
    }

    [GeneratedRegex(", (?=[^;,=]+=)")]
    private static partial Regex CookieSplit();
}
