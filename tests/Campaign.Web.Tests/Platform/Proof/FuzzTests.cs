using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>The proof world with its rate limits lifted, so a few thousand fuzzed requests reach the code behind them.</summary>
public sealed class FuzzApp : ProofApp
{
    public FuzzApp()
        : base(Settings())
    {
    }

    private static Dictionary<string, string?> Settings()
    {
        var settings = SeededWorld.Settings;
        foreach (var policy in new[] { "Rsvp", "Invite", "CheckIn", "Login", "LoginAccount", "TwoFactor", "Register", "AccountMail", "AccountMailPerAddress" })
        {
            settings[$"RateLimits:{policy}:PermitLimit"] = "1000000";
        }

        return settings;
    }
}

/// <summary>
/// Fuzz (issue 13, item 4): every form the app's own pages show (found by reading every HTML page as a guest, a host and
/// staff) and every JSON API, posted with hostile values from a fixed seed. Never a 5xx; a 4xx changes no row of any
/// table (the outbox included); what was stored comes back escaped in pages, mail headers and calendar files.
/// </summary>
public sealed partial class FuzzTests(FuzzApp proof) : IClassFixture<FuzzApp>
{
    /// <summary>Markup, script, header and calendar-line injection, control and bidi characters, huge and malformed values.</summary>
    private static readonly string[] Payloads =
    [
        "<fz-a>hello</fz-a>",
        "\"'><fz-b onerror=alert(1)>",
        "<script>fz_c()</script>",
        "javascript:alert('fz')",
        "Name\r\nX-Fz-Header: injected",
        "Title\r\nX-FZ-ICS:injected\r\nBEGIN:VEVENT",
        "nul\0byte",
        "ctl\u0001\u0007\u001b[31m\u007f",
        "rtl\u202Egnp.exe\u202C",
        new string('x', 100_000),
        "",
        "   ",
        "-1",
        "2147483648",
        "1e309",
        "NaN",
        "2026-13-45T25:61",
        "0001-01-01T00:00",
        "Mars/Olympus_Mons",
        "../../etc/passwd",
        "😀\uD800",
        "a@b@c",
        "true",
    ];

    private const int Seed = 20261202;
    private const int CasesPerForm = 30;

    [Fact]
    public async Task Fuzzed_forms_never_answer_5xx_a_refusal_changes_nothing_and_what_is_stored_comes_back_escaped()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        var requests = 0;
        var forms = 0;
        // The JSON APIs first: the staff forms below may suspend the hosts a new world needs.
        requests += await FuzzJsonApisAsync(failures, random);
        var jobs = await FormPagesAsync();
        Assert.True(jobs.Count >= 10, $"Only {jobs.Count} pages with forms were found: the discovery is broken.");
        // Staff pages last, in the last world: suspending a host there must not stop the next world from being made.
        var world = proof.World;
        foreach (var (caller, pattern) in jobs.OrderBy(j => j.Caller == Caller.Staff))
        {
            if (caller != Caller.Staff)
            {
                world = await SeededWorld.CreateAsync(proof.Who);
            }

            var session = caller == Caller.Anonymous ? new WebSession(proof.App) : world.As(caller).Session;
            var page = await session.GetAsync(world.PathFor(pattern));
            foreach (var form in Forms(page.Html).Where(f => f.Fuzzable))
            {
                forms++;
                foreach (var (name, value) in Cases(form, random))
                {
                    var fields = form.Fields.Where(f => f.Key != name).Append(new(name, value));
                    var before = proof.RowCounts();
                    var answer = await session.PostAsync(form.Action, fields, token: null);
                    requests++;
                    Check(failures, $"{caller} {pattern} -> POST {form.Action} [{name}={Show(value)}]", answer, before);
                }

                // Wrong content types: the form's fields as JSON and as plain text are refused and change nothing.
                foreach (var (type, body) in new[]
                {
                    ("application/json", "{\"" + form.Fields.First().Key + "\":[1,{\"a\":null}]}"),
                    ("text/plain", "just text"),
                    ("multipart/form-data; boundary=nothing", "--nothing--"),
                })
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.Action, UriKind.Relative))
                    {
                        Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
                    };
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                    var before = proof.RowCounts();
                    var answer = await session.SendAsync(request);
                    requests++;
                    Check(failures, $"{caller} {pattern} -> POST {form.Action} as {type}", answer, before);
                    if ((int)answer.Status is < 400 or >= 500)
                    {
                        failures.Add($"{caller} POST {form.Action} as {type}: {(int)answer.Status}, not a 4xx refusal");
                    }
                }
            }

            // What the posts stored, read back where people see it.
            foreach (var path in ReadBack(world))
            {
                // The host sees every page; a stranger with the link sees what a guest's page shows.
                foreach (var reader in new[] { world.Who.Owner, new WebSession(proof.App) })
                {
                    var shown = await reader.GetAsync(path);
                    requests++;
                    if (shown.Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("text/calendar", StringComparison.Ordinal))
                    {
                        failures.AddRange(IcsInjections(path, shown.Html));
                    }
                    else
                    {
                        Check(failures, $"read back {path}", shown, before: null);
                    }
                }
            }
        }

        failures.AddRange(MailAndCalendarInjections());
        Assert.True(forms >= 15, $"Only {forms} fuzzable forms were posted to.");
        Assert.True(requests >= 2000, $"Only {requests} requests were sent.");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {requests} fuzzed requests ({forms} forms) went wrong:\n" + string.Join("\n", failures.Take(40)));
    }

    private void Check(List<string> failures, string what, WebSession.Page answer, Dictionary<string, long>? before)
    {
        var status = (int)answer.Status;
        if (status >= 500)
        {
            failures.Add($"{what}: {status}");
        }

        if (before is not null && status is >= 400 and < 500)
        {
            var changes = ProofApp.Changes(before, proof.RowCounts());
            if (changes.Length > 0)
            {
                failures.Add($"{what}: refused with {status} but changed {changes}");
            }
        }

        if (Unescaped().Match(answer.Html) is { Success: true } raw)
        {
            failures.Add($"{what}: markup came back unescaped: …{Context(answer.Html, raw.Index)}…");
        }
    }

    /// <summary>The JSON APIs with wrong JSON types, malformed JSON, huge and control-character values, wrong content types.</summary>
    private async Task<int> FuzzJsonApisAsync(List<string> failures, Random random)
    {
        var world = await SeededWorld.CreateAsync(proof.Who);
        var apis = proof.Endpoints.Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal) && !e.IsSafe).ToList();
        Assert.NotEmpty(apis);
        var bodies = new List<(string Type, string Body)>
        {
            ("application/json", "{"),
            ("application/json", "[]"),
            ("application/json", "null"),
            ("application/json", "{\"screening\":1,\"code\":{\"a\":[]},\"ticket\":\"not-a-guid\",\"tickets\":\"x\"}"),
            ("application/json", "{\"screening\":null,\"code\":null}"),
            ("application/json", "{\"screening\":\"" + world.Slug + "\",\"code\":\"" + new string('A', 100_000) + "\"}"),
            ("application/json", "{\"screening\":\"" + world.Slug + "\",\"code\":\"a\\r\\nb\\u0000c\\u202E\",\"scanId\":\"<fz-j>\",\"door\":\"<fz-d>\\r\\nX\",\"scannedAt\":\"2026-13-45\"}"),
            ("application/json", "{\"screening\":\"" + world.Slug + "\",\"tickets\":[\"" + Guid.Empty + "\",1,true],\"scannedAt\":99999999999999}"),
            ("application/json", "{\"screening\":\"" + world.Slug + "\",\"name\":[\"a\"],\"partySize\":\"two\"}"),
            ("application/json", "{\"screening\":\"" + world.Slug + "\",\"name\":\"Fz\",\"partySize\":2147483647}"),
            ("text/plain", "code=abc"),
            ("application/x-www-form-urlencoded", "screening=" + world.Slug + "&code=abc"),
        };
        foreach (var payload in Payloads.OrderBy(_ => random.Next()).Take(8))
        {
            bodies.Add(("application/json", System.Text.Json.JsonSerializer.Serialize(new { screening = world.Slug, code = payload, ticket = payload, scanId = payload, door = payload, name = payload, partySize = 1 })));
        }

        var requests = 0;
        foreach (var api in apis)
        {
            foreach (var caller in new[] { Caller.ThisDoor, Caller.Owner, Caller.Anonymous })
            {
                var (session, door) = world.As(caller);
                foreach (var (type, body) in bodies)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(world.PathFor(api.Pattern), UriKind.Relative))
                    {
                        Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
                    };
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
                    request.Headers.Accept.ParseAdd("application/json");
                    if (door is not null)
                    {
                        request.Headers.Add(Campaign.Web.Infrastructure.ScreeningAccess.DoorHeader, door);
                    }

                    var before = proof.RowCounts();
                    var answer = await session.SendAsync(request);
                    requests++;
                    var what = $"{caller} POST {api.Pattern} {type} {Show(body)}";
                    // A scan the door refuses is still audited (CheckInScans): that row is the point of the audit.
                    var changes = ProofApp.Changes(before, proof.RowCounts());
                    if ((int)answer.Status >= 500)
                    {
                        failures.Add($"{what}: {(int)answer.Status}");
                    }
                    else if ((int)answer.Status >= 400)
                    {
                        if (changes.Length > 0 && !changes.StartsWith("CheckInScans ", StringComparison.Ordinal))
                        {
                            failures.Add($"{what}: refused with {(int)answer.Status} but changed {changes}");
                        }

                        // A refusal says why, as JSON.
                        if (!answer.Html.TrimStart().StartsWith('{'))
                        {
                            failures.Add($"{what}: refused with {(int)answer.Status} without a JSON reason: {Show(answer.Html)}");
                        }
                    }

                    if (answer.Html.Contains("<fz-", StringComparison.Ordinal) && !answer.Html.TrimStart().StartsWith('{'))
                    {
                        failures.Add($"{what}: markup came back outside JSON");
                    }
                }
            }
        }

        return requests;
    }

    /// <summary>Every mail delivered and every calendar file: no injected header or calendar line, no raw markup in HTML parts.</summary>
    private List<string> MailAndCalendarInjections()
    {
        var failures = new List<string>();
        var mails = proof.App.Mails();
        Assert.NotEmpty(mails);
        foreach (var mail in mails)
        {
            foreach (var header in mail.Headers)
            {
                if (header.Field.StartsWith("X-Fz", StringComparison.OrdinalIgnoreCase) || header.Value.Contains('\n', StringComparison.Ordinal)
                    || header.Value.Contains('\0', StringComparison.Ordinal))
                {
                    failures.Add($"mail '{mail.Subject}': header {header.Field}: {Show(header.Value)}");
                }
            }

            if (mail.HtmlBody is { } html && Unescaped().Match(html) is { Success: true } raw)
            {
                failures.Add($"mail '{mail.Subject}': unescaped markup …{Context(html, raw.Index)}…");
            }

            foreach (var part in mail.BodyParts.OfType<MimeKit.TextPart>().Where(p => p.ContentType.MimeType == "text/calendar"))
            {
                failures.AddRange(IcsInjections($"mail '{mail.Subject}' calendar part", part.Text));
            }
        }

        return failures;
    }

    private static IEnumerable<string> IcsInjections(string what, string ics) =>
        ics.Split('\n').Where(l => l.StartsWith("X-FZ", StringComparison.OrdinalIgnoreCase) || l.Contains('\0', StringComparison.Ordinal)
                || l.Contains("<fz-", StringComparison.Ordinal) || l.Contains("<script", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"{what}: injected line or markup {Show(l)}");

    /// <summary>Where a world's stored values are shown: public and private pages, the guest list, calendar files.</summary>
    private static IEnumerable<string> ReadBack(SeededWorld world) =>
    [
        $"/s/{world.Slug}", $"/s/{world.Slug}/guests", $"/s/{world.Slug}/team", $"/s/{world.Slug}/guests.csv", $"/rsvp/{world.ManageToken}",
        $"/t/{world.TicketCode}", $"/i/{world.InvitationToken}", "/screenings", "/staff", "/staff/hosts", "/my/screenings",
        $"/s/{world.Slug}/calendar.ics", $"/rsvp/{world.ManageToken}/calendar.ics", "/screenings/calendar.ics",
    ];

    /// <summary>Every (caller, HTML page) where the caller is shown a post form with something to type or choose.</summary>
    private async Task<List<(Caller Caller, string Pattern)>> FormPagesAsync()
    {
        var pages = proof.Endpoints.Where(e => e.Method == "GET" && !e.Pattern.StartsWith("/api/", StringComparison.Ordinal)
            && !e.Pattern.StartsWith("/error", StringComparison.Ordinal) && !e.Pattern.StartsWith("/mail", StringComparison.Ordinal)
            && !Regex.IsMatch(e.Pattern, @"\.(ics|svg|png|pdf|csv|webmanifest|js)$|/keys$|/package$")).Select(e => e.Pattern).Distinct().ToList();
        var jobs = new List<(Caller, string)>();
        foreach (var caller in new[] { Caller.Anonymous, Caller.Owner, Caller.Staff })
        {
            foreach (var pattern in pages)
            {
                var session = caller == Caller.Anonymous ? new WebSession(proof.App) : proof.World.As(caller).Session;
                var page = await session.GetAsync(proof.World.PathFor(pattern));
                if (page.Status == HttpStatusCode.OK && Forms(page.Html).Any(f => f.Fuzzable))
                {
                    jobs.Add((caller, pattern));
                }
            }
        }

        return jobs;
    }

    private sealed record Form(string Action, List<KeyValuePair<string, string>> Fields)
    {
        /// <summary>Something a person types or chooses (a form of buttons only, such as "Log out", is left alone).</summary>
        public bool Fuzzable => Fields.Any(f => f.Key != "__RequestVerificationToken");
    }

    private static List<(string Name, string Value)> Cases(Form form, Random random)
    {
        var names = form.Fields.Select(f => f.Key).Where(n => n != "__RequestVerificationToken").Distinct().ToList();
        var all = names.SelectMany(n => Payloads.Select(p => (n, p))).Append(("unexpected_field", Payloads[0])).ToList();
        // Every field gets the markup and injection payloads; the rest is a fixed-seed sample.
        var first = all.Where(c => Array.IndexOf(Payloads, c.Item2) < 6);
        var rest = all.Except(first).OrderBy(_ => random.Next()).Take(Math.Max(0, CasesPerForm - first.Count()));
        return [.. first.Concat(rest)];
    }

    /// <summary>The post forms of a page, with the values a browser would send (the antiforgery token among them).</summary>
    private static List<Form> Forms(string html) =>
    [
        .. FormPattern().Matches(html)
            .Where(m => Attribute(m.Groups[1].Value, "method")?.Equals("post", StringComparison.OrdinalIgnoreCase) == true)
            .Select(m => new Form(
                WebUtility.HtmlDecode(Attribute(m.Groups[1].Value, "action") ?? ""),
                [.. FieldPattern().Matches(m.Groups[2].Value)
                    .Select(f => (Tag: f.Groups[1].Value.ToLowerInvariant(), Attrs: f.Groups[2].Value, Inner: f.Groups[3].Value))
                    .Where(f => Attribute(f.Attrs, "name") is not null && Attribute(f.Attrs, "type") is not ("submit" or "button" or "file"))
                    .Select(f => new KeyValuePair<string, string>(
                        WebUtility.HtmlDecode(Attribute(f.Attrs, "name")!),
                        WebUtility.HtmlDecode(f.Tag == "textarea" ? f.Inner : f.Tag == "select" ? FirstOption(f.Inner) : Attribute(f.Attrs, "value") ?? "")))]))
            .Where(f => f.Action.StartsWith('/')),
    ];

    private static string FirstOption(string options) =>
        (OptionPattern().Matches(options).FirstOrDefault(o => o.Groups[1].Value.Contains("selected", StringComparison.Ordinal))
            ?? OptionPattern().Matches(options).FirstOrDefault()) is { } o ? Attribute(o.Groups[1].Value, "value") ?? "" : "";

    private static string? Attribute(string attributes, string name) =>
        Regex.Match(attributes, $@"(?:^|\s){name}\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s>]+))", RegexOptions.IgnoreCase) is { Success: true } m
            ? m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Value
            : null;

    private static string Show(string value) =>
        (value.Length > 60 ? value[..60] + $"…({value.Length} chars)" : value).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    private static string Context(string text, int index) => Show(text[Math.Max(0, index - 60)..Math.Min(text.Length, index + 60)]);

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<(input|select|textarea)\b([^>]*)>(?:(.*?)</\1>)?", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FieldPattern();

    [GeneratedRegex(@"<option\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionPattern();

    /// <summary>A payload's markup, live: an element the app never writes, the script payload's call, a javascript: link.</summary>
    [GeneratedRegex(@"<fz-[abjd]|<script>fz_c|onerror=alert\(1\)>|href\s*=\s*[""']?javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex Unescaped();
}
