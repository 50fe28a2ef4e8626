using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;

namespace Campaign.Web.Tests;

/// <summary>The door's JSON API: named outcomes, exactly-once admission under concurrency, audit, undo, who may call it.</summary>
public sealed partial class CheckInTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Door(WebSession Host, string Slug);

    private async Task<Door> ScreeningAsync(int capacity = 300)
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: capacity));
        return new Door(host, slug);
    }

    private List<Ticket> Tickets(string slug) => _app.WithDb(db =>
        db.Tickets.Where(t => db.Screenings.Any(s => s.Id == t.ScreeningId && s.Slug == slug)).OrderBy(t => t.BookerName).ThenBy(t => t.Number).ToList());

    private static Task<(HttpStatusCode Status, JsonElement Body)> ScanAsync(WebSession who, string slug, string code, string? scanId = null, string? door = null, string? doorToken = null) =>
        who.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code, scanId, door }, doorToken);

    [Fact]
    public async Task A_ticket_is_admitted_once_then_reported_with_when_and_where()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var tickets = Tickets(slug);

        var (status, first) = await ScanAsync(host, slug, tickets[0].Code, door: "Door 1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("admitted", first.GetProperty("outcome").GetString());
        Assert.Equal("Ana", first.GetProperty("name").GetString());
        Assert.Equal(1, first.GetProperty("counts").GetProperty("in").GetInt32());
        Assert.Equal(2, first.GetProperty("counts").GetProperty("expected").GetInt32());

        _app.Clock.Advance(TimeSpan.FromMinutes(3));
        var (_, again) = await ScanAsync(host, slug, tickets[0].Code, door: "Door 2");
        Assert.Equal("already_checked_in", again.GetProperty("outcome").GetString());
        Assert.Equal("Door 1", again.GetProperty("door").GetString());
        Assert.Equal(first.GetProperty("checkedInAt").GetString(), again.GetProperty("checkedInAt").GetString());
        Assert.Contains("Door 1", again.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, again.GetProperty("counts").GetProperty("in").GetInt32());

        var (_, bo) = await ScanAsync(host, slug, tickets[1].Code);
        Assert.Equal("admitted", bo.GetProperty("outcome").GetString());
        Assert.Equal("Bo", bo.GetProperty("name").GetString());

        // Every scan is in the audit: who, when, door, outcome.
        var audit = _app.WithDb(db => db.CheckInScans.OrderBy(s => s.RecordedAtUtc).ToList());
        Assert.Equal(["admitted", "already_checked_in", "admitted"], audit.Select(a => a.Outcome));
        Assert.Equal(["Door 1", "Door 2", null], audit.Select(a => a.Door));
        Assert.All(audit, a => Assert.NotNull(a.UserId));
    }

    [Fact]
    public async Task Forged_truncated_mutated_foreign_and_cancelled_codes_get_their_outcome()
    {
        var (host, slug) = await ScreeningAsync();
        var other = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Other screening"));
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        await RsvpFlows.AnswerAsync(_app, other, "Oli", "oli@example.org");
        var code = Tickets(slug)[0].Code;
        var foreign = Tickets(other)[0].Code;

        var flipped = code[..100] + (code[100] == 'A' ? 'B' : 'A') + code[101..];
        foreach (var bad in new[] { flipped, code[..^5], "HELLO", new string('A', TicketCode.CodeLength), "<script>alert(1)</script>", new string('Z', 5000) })
        {
            var (status, body) = await ScanAsync(host, slug, bad);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("invalid", body.GetProperty("outcome").GetString());
            Assert.Equal(JsonValueKind.Null, body.GetProperty("name").ValueKind);
        }

        var (_, wrong) = await ScanAsync(host, slug, foreign);
        Assert.Equal("wrong_screening", wrong.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, wrong.GetProperty("name").ValueKind);

        // Bo's ticket is cancelled when the party shrinks.
        var manage = new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath;
        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "1"));
        var boCode = Tickets(slug).Single(t => t.Number == 2).Code;
        var (_, cancelled) = await ScanAsync(host, slug, boCode);
        Assert.Equal("cancelled", cancelled.GetProperty("outcome").GetString());
        Assert.Equal(0, cancelled.GetProperty("counts").GetProperty("in").GetInt32());
        Assert.Equal(1, cancelled.GetProperty("counts").GetProperty("expected").GetInt32());

        // A cancelled screening admits nobody.
        await host.SubmitAsync($"/s/{slug}/cancel", $"/s/{slug}/cancel", ("Reason", "The venue flooded."));
        var (_, closed) = await ScanAsync(host, slug, code);
        Assert.Equal("cancelled", closed.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Bad_requests_get_a_reason_and_change_nothing()
    {
        var (host, slug) = await ScreeningAsync();
        var (missing, body) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug });
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("code", body.GetProperty("error").GetString(), StringComparison.Ordinal);

        var (noScreening, _) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { code = "X" });
        Assert.Equal(HttpStatusCode.BadRequest, noScreening);
        var (longScan, _) = await ScanAsync(host, slug, "X", scanId: new string('s', 65));
        Assert.Equal(HttpStatusCode.BadRequest, longScan);
        var (unknown, _) = await ScanAsync(host, "no-such-screening", "X");
        Assert.Equal(HttpStatusCode.NotFound, unknown);

        using var client = _app.CreateClient();
        using var form = new FormUrlEncodedContent([new("screening", slug), new("code", "X")]);
        var notJson = await client.PostAsync(new Uri("/api/checkin", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        using var broken = new StringContent("{\"screening\": ", System.Text.Encoding.UTF8, "application/json");
        var malformed = await client.PostAsync(new Uri("/api/checkin", UriKind.Relative), broken);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("error", await malformed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_app.WithDb(db => db.CheckInScans.ToList()));
    }

    [Fact]
    public async Task Only_the_hosts_staff_and_door_links_of_that_screening_may_scan_and_others_get_json_not_a_login_page()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Tickets(slug)[0].Code;

        var anonymous = new WebSession(_app);
        var (status, body) = await ScanAsync(anonymous, slug, code);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts")).Status);

        var stranger = await Flows.RegisterAsync(_app, "stranger@example.org", "Stan");
        var (forbidden, why) = await ScanAsync(stranger, slug, code);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.False(string.IsNullOrEmpty(why.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/guests?q=Ana")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/checkin/" + slug)).Status);

        // A door link of another screening opens nothing here.
        var other = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Other"));
        var otherDoor = await DoorLinkAsync(host, other, "Door A");
        var (foreignDoor, _) = await ScanAsync(anonymous, slug, code, doorToken: otherDoor);
        Assert.Equal(HttpStatusCode.Forbidden, foreignDoor);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/guests", doorToken: otherDoor)).Status);
        var (made_up, _) = await ScanAsync(anonymous, slug, code, doorToken: "AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, made_up);

        // Its own door link works, and scans as "Door B".
        var door = await DoorLinkAsync(host, slug, "Door B");
        var (ok, admitted) = await ScanAsync(anonymous, slug, code, doorToken: door);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("admitted", admitted.GetProperty("outcome").GetString());
        Assert.Equal("Door B", admitted.GetProperty("door").GetString());
        var scan = _app.WithDb(db => db.CheckInScans.Single());
        Assert.Null(scan.UserId);
        Assert.NotNull(scan.DoorLinkId);

        // Staff (with two-factor) may scan too.
        var staff = await Flows.StaffAsync(_app);
        var (staffStatus, staffScan) = await ScanAsync(staff, slug, code);
        Assert.Equal(HttpStatusCode.OK, staffStatus);
        Assert.Equal("already_checked_in", staffScan.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_door_helper_sees_names_only_and_a_revoked_or_expired_link_stops_working()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana Search", "ana@example.org", 3, true, "Bo");
        var door = await DoorLinkAsync(host, slug, "Door 2");
        var helper = new WebSession(_app);

        var page = await helper.GetAsync("/door/" + door);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Door 2", page.Text, StringComparison.Ordinal);
        Assert.Contains($"data-door-token=\"{door}\"", page.Html, StringComparison.Ordinal);

        var (status, found) = await helper.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/guests?q=search", doorToken: door);
        Assert.Equal(HttpStatusCode.OK, status);
        var party = Assert.Single(found.GetProperty("parties").EnumerateArray());
        Assert.Equal(["Ana Search", "Bo", "Guest 3 of Ana Search"], party.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.DoesNotContain("@", found.GetRawText(), StringComparison.Ordinal);

        // Admit the whole party by button.
        var ids = party.GetProperty("tickets").EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToArray();
        var (_, manual) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin/manual", new { screening = slug, tickets = ids }, door);
        Assert.All(manual.GetProperty("results").EnumerateArray(), r => Assert.Equal("admitted", r.GetProperty("outcome").GetString()));
        var (_, counts) = await helper.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts", doorToken: door);
        Assert.Equal(3, counts.GetProperty("in").GetInt32());

        // A door helper takes back its own admissions for 5 minutes only (DoorSyncTests has the boundary); the host any.
        _app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var (undoStatus, _) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = ids[0] }, door);
        Assert.Equal(HttpStatusCode.Forbidden, undoStatus);
        var (_, undone) = await host.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = ids[0] });
        Assert.Equal("undone", undone.GetProperty("outcome").GetString());
        Assert.Equal(2, undone.GetProperty("counts").GetProperty("in").GetInt32());
        var (_, readmitted) = await ScanAsync(helper, slug, Tickets(slug).Single(t => t.Id == ids[0]).Code, doorToken: door);
        Assert.Equal("admitted", readmitted.GetProperty("outcome").GetString());
        Assert.Contains(_app.WithDb(db => db.CheckInScans.Select(s => s.Outcome).ToList()), o => o == "undone");

        // Revoked: the page and the API refuse it.
        var team = await host.GetAsync($"/s/{slug}/team");
        var revoke = RevokePattern().Match(team.Html).Groups[1].Value;
        var revoked = await host.PostAsync(revoke, [], team.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, revoked.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await helper.GetAsync("/door/" + door)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await helper.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts", doorToken: door)).Status);

        // Expired: a new link stops working after the day after the screening.
        var later = await DoorLinkAsync(host, slug, "Door 3");
        Assert.Equal(HttpStatusCode.OK, (await helper.GetAsync("/door/" + later)).Status);
        // Still open on the day after the screening (New York time), closed once that day is over.
        var end = _app.WithDb(db => db.Screenings.Single(s => s.Slug == slug).EndUtc);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var dayAfterEnds = TimeZoneInfo.ConvertTimeToUtc(TimeZoneInfo.ConvertTimeFromUtc(end, zone).Date.AddDays(2), zone);
        _app.Clock.Advance(dayAfterEnds - _app.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await helper.GetAsync("/door/" + later)).Status);
        _app.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(HttpStatusCode.NotFound, (await helper.GetAsync("/door/" + later)).Status);
    }

    [Fact]
    public async Task A_resent_scan_gets_the_first_answer_and_is_audited_once()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Tickets(slug)[0].Code;

        var (_, first) = await ScanAsync(host, slug, code, scanId: "phone-1-scan-7");
        var (_, resent) = await ScanAsync(host, slug, code, scanId: "phone-1-scan-7");
        Assert.Equal("admitted", first.GetProperty("outcome").GetString());
        Assert.Equal("admitted", resent.GetProperty("outcome").GetString());
        Assert.Single(_app.WithDb(db => db.CheckInScans.ToList()));

        var (_, another) = await ScanAsync(host, slug, code, scanId: "phone-2-scan-1");
        Assert.Equal("already_checked_in", another.GetProperty("outcome").GetString());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Two_hundred_tickets_scanned_three_times_each_in_parallel_are_admitted_exactly_once(string database)
    {
        using var store = TestDatabase.Create(database);
        using var app = new CampaignFactory(settings: store.With());
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 250));
        for (var i = 0; i < 67; i++)
        {
            await RsvpFlows.AnswerAsync(app, slug, $"Guest {i:D2}", $"guest{i}@example.org", 3);
        }

        var codes = app.WithDb(db => db.Tickets.Where(t => db.Screenings.Any(s => s.Id == t.ScreeningId && s.Slug == slug)).OrderBy(t => t.BookerName).ThenBy(t => t.Number).Select(t => t.Code).Take(200).ToList());
        Assert.Equal(200, codes.Count);
        var door = await DoorLinkAsync(host, slug, "Door 2");
        var helper = new WebSession(app);

        var scans = codes.SelectMany(c => new[] { (c, host, (string?)null), (c, host, null), (c, helper, door) }).OrderBy(_ => Random.Shared.Next()).ToList();
        var results = await Task.WhenAll(scans.Select(s => Task.Run(() => ScanAsync(s.Item2, slug, s.c, doorToken: s.Item3))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        var outcomes = results.Select(r => r.Body.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(200, outcomes.Count(o => o == "admitted"));
        Assert.Equal(400, outcomes.Count(o => o == "already_checked_in"));
        Assert.Equal(200, app.WithDb(db => db.Tickets.Count(t => t.CheckedInAtUtc != null)));
        Assert.Equal(600, app.WithDb(db => db.CheckInScans.Count()));
        var (_, counts) = await host.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts");
        Assert.Equal(200, counts.GetProperty("in").GetInt32());
    }

    [Fact]
    public async Task A_flood_from_one_door_link_gets_429_while_another_door_goes_on()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?>
        {
            ["RateLimits:CheckIn:PermitLimit"] = "5",
            ["RateLimits:CheckIn:WindowSeconds"] = "60",
        });
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields());
        var doorA = await DoorLinkAsync(host, slug, "A");
        var doorB = await DoorLinkAsync(host, slug, "B");
        var phones = new WebSession(app);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await ScanAsync(phones, slug, "X", doorToken: doorA)).Status);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        var (limited, body) = await ScanAsync(phones, slug, "X", doorToken: doorA);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        // Same phone, same IP, other door link: its own budget.
        Assert.Equal(HttpStatusCode.OK, (await ScanAsync(phones, slug, "X", doorToken: doorB)).Status);
    }

    [Fact]
    public async Task A_revoked_door_link_is_refused_at_once_although_it_just_scanned()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var codes = Tickets(slug).Select(t => t.Code).ToList();
        var door = await DoorLinkAsync(host, slug, "Door 2");
        var phone = new WebSession(_app);
        var (_, first) = await ScanAsync(phone, slug, codes[0], doorToken: door);
        Assert.Equal("admitted", first.GetProperty("outcome").GetString());

        var team = await host.GetAsync($"/s/{slug}/team");
        await host.PostAsync(RevokePattern().Match(team.Html).Groups[1].Value, [], team.AntiforgeryToken);

        var (status, body) = await ScanAsync(phone, slug, codes[1], doorToken: door);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(1, _app.WithDb(db => db.Tickets.Count(t => t.CheckedInAtUtc != null)));
        Assert.Single(_app.WithDb(db => db.CheckInScans.ToList()));
    }

    [Fact]
    public async Task A_screening_cancelled_while_its_door_is_scanning_admits_nobody_from_then_on()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo");
        var tickets = Tickets(slug);
        var door = await DoorLinkAsync(host, slug, "Door 2");
        var phone = new WebSession(_app);
        var (_, first) = await ScanAsync(phone, slug, tickets[0].Code, doorToken: door);
        Assert.Equal("admitted", first.GetProperty("outcome").GetString());

        await host.SubmitAsync($"/s/{slug}/cancel", $"/s/{slug}/cancel", ("Reason", "The venue flooded."));

        var (_, scanned) = await ScanAsync(phone, slug, tickets[1].Code, doorToken: door);
        Assert.Equal("cancelled", scanned.GetProperty("outcome").GetString());
        Assert.Equal(1, scanned.GetProperty("counts").GetProperty("in").GetInt32());
        var (_, manual) = await phone.JsonAsync(HttpMethod.Post, "/api/checkin/manual", new { screening = slug, tickets = new[] { tickets[2].Id } }, door);
        Assert.Equal("cancelled", Assert.Single(manual.GetProperty("results").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal(1, _app.WithDb(db => db.Tickets.Count(t => t.CheckedInAtUtc != null)));
    }

    [Fact]
    public async Task A_verdict_tells_the_servers_own_time_in_server_timing()
    {
        var (host, slug) = await ScreeningAsync();
        var door = await DoorLinkAsync(host, slug, "Door 2");
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/checkin", UriKind.Relative))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { screening = slug, code = "NOT-A-TICKET" }),
        };
        request.Headers.Add("X-Door-Token", door);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
        Assert.Matches(@"^app;dur=\d+\.\d{2}$", timing);
        // Only the door's API says how long it took; pages do not.
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.False(page.Headers.Contains("Server-Timing"));
    }

    /// <summary>The host creates a door link on the team page; returns its token.</summary>
    private static async Task<string> DoorLinkAsync(WebSession host, string slug, string name)
    {
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", name));
        var team = await host.GetAsync($"/s/{slug}/team");
        var links = DoorLinkPattern().Matches(team.Html).Select(m => (Name: WebUtility.HtmlDecode(m.Groups[1].Value), Token: m.Groups[2].Value)).ToList();
        return links.LastOrDefault(l => l.Name.StartsWith(name, StringComparison.Ordinal)).Token ?? throw new InvalidOperationException($"{team.Status} {team.Location}\n{team.Html}");
    }

    [GeneratedRegex("<td>([^<]*?) ?(?:<span[^>]*>[^<]*</span>)?</td>\\s*<td><input type=\"text\" readonly value=\"[^\"]*/door/([A-Za-z0-9_-]{24})\"")]
    private static partial Regex DoorLinkPattern();

    [GeneratedRegex("href=\"(/s/[^\"]+/team/doors/[0-9a-f-]+/revoke)\"")]
    private static partial Regex RevokePattern();
}
