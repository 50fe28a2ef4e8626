using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Domain.Tickets;

namespace Campaign.Web.Tests;

/// <summary>
/// The offline door (issue 17): the check-in package and its revision, scans sent later with "decided offline", conflicts
/// on the host's guest list, and a door link's undo of its own admissions.
/// </summary>
public sealed partial class DoorSyncTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, string Slug)> ScreeningAsync()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 50));
        return (host, slug);
    }

    private List<Ticket> Tickets(string slug) => _app.WithDb(db =>
        db.Tickets.Where(t => db.Screenings.Any(s => s.Id == t.ScreeningId && s.Slug == slug)).OrderBy(t => t.BookerName).ThenBy(t => t.Number).ToList());

    private static Task<(HttpStatusCode Status, JsonElement Body)> PackageAsync(WebSession who, string slug, string? door = null) =>
        who.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/package", doorToken: door);

    private static Task<(HttpStatusCode Status, JsonElement Body)> OfflineScanAsync(WebSession who, string slug, string code, string scanId, DateTimeOffset scannedAt, string? door = null, string? doorToken = null) =>
        who.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code, scanId, scannedAt, door, decidedOffline = true }, doorToken);

    private static string Revision(JsonElement body) => body.GetProperty("revision").GetString()!;

    [Fact]
    public async Task The_package_holds_keys_and_revoked_nonces_without_names_and_its_revision_follows_every_cancellation_release_and_screening_change()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana Package", "ana@example.org", 3, true, "Bo Plus", "Cy Plus");
        var door = await DoorLinks.CreateAsync(host, slug, "Door 2");
        var helper = new WebSession(_app);

        var (status, first) = await PackageAsync(helper, slug, door);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(_app.WithDb(db => db.Screenings.Single(s => s.Slug == slug).Id), first.GetProperty("screening").GetGuid());
        Assert.Equal("Door 2", first.GetProperty("door").GetString());
        Assert.NotEmpty(first.GetProperty("keys").EnumerateArray());
        Assert.Empty(first.GetProperty("revoked").EnumerateArray());
        Assert.True(first.GetProperty("doorExpiresAt").GetDateTime() > first.GetProperty("endsAt").GetDateTime());
        var raw = first.GetRawText();
        // Whole names and the street with their spaces: a short word could turn up inside a key's base64url by chance.
        foreach (var secret in new[] { "Ana Package", "Bo Plus", "Cy Plus", "@", "Secret Street" })
        {
            Assert.DoesNotContain(secret, raw, StringComparison.Ordinal);
        }

        // Every verdict and counts poll says the current revision.
        var tickets = Tickets(slug);
        var (_, counts) = await helper.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts", doorToken: door);
        Assert.Equal(Revision(first), Revision(counts));
        var (_, verdict) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = tickets[0].Code }, door);
        Assert.Equal(Revision(first), Revision(verdict.GetProperty("counts")));
        var (_, invalid) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = "NOT-A-TICKET" }, door);
        Assert.Equal(Revision(first), Revision(invalid.GetProperty("counts")));

        // A cancellation (the party shrinks): Cy's nonce is revoked, a new revision.
        var manage = new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath;
        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "2"));
        var cy = Tickets(slug).Single(t => t.Number == 3);
        var (_, shrunk) = await PackageAsync(helper, slug, door);
        Assert.NotEqual(Revision(first), Revision(shrunk));
        Assert.Equal([cy.Nonce], shrunk.GetProperty("revoked").EnumerateArray().Select(n => n.GetString()));
        var (_, afterShrink) = await helper.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts", doorToken: door);
        Assert.Equal(Revision(shrunk), Revision(afterShrink));

        // A release (Bo gives up the seat from the ticket page).
        var bo = Tickets(slug).Single(t => t.Number == 2);
        var guest = new WebSession(_app);
        var page = await guest.GetAsync("/t/" + bo.Code);
        await guest.PostAsync($"/t/{bo.Code}/release", [], page.AntiforgeryToken);
        var (_, released) = await PackageAsync(helper, slug, door);
        Assert.NotEqual(Revision(shrunk), Revision(released));
        Assert.Equal(new[] { cy.Nonce, bo.Nonce }.Order(StringComparer.Ordinal), released.GetProperty("revoked").EnumerateArray().Select(n => n.GetString()));

        // A deletion leaves a tombstone: the nonce stays revoked; deleting an already cancelled ticket changes nothing.
        var ana = Tickets(slug).Single(t => t.Number == 1);
        _app.WithDb(db =>
        {
            db.Tickets.Remove(db.Tickets.Single(t => t.Id == ana.Id));
            return db.SaveChanges();
        });
        var (_, deleted) = await PackageAsync(helper, slug, door);
        Assert.NotEqual(Revision(released), Revision(deleted));
        Assert.Contains(ana.Nonce, deleted.GetProperty("revoked").EnumerateArray().Select(n => n.GetString()));
        Assert.Single(_app.WithDb(db => db.TicketTombstones.Where(t => t.Nonce == ana.Nonce).ToList()));
        _app.WithDb(db =>
        {
            db.Tickets.Remove(db.Tickets.Single(t => t.Id == cy.Id));
            return db.SaveChanges();
        });
        var (_, deletedCancelled) = await PackageAsync(helper, slug, door);
        Assert.Equal(Revision(deleted), Revision(deletedCancelled));
        Assert.Contains(cy.Nonce, deletedCancelled.GetProperty("revoked").EnumerateArray().Select(n => n.GetString()));

        // A screening change (here, the screening is cancelled).
        await host.SubmitAsync($"/s/{slug}/cancel", $"/s/{slug}/cancel", ("Reason", "The venue flooded."));
        var (_, cancelled) = await PackageAsync(helper, slug, door);
        Assert.NotEqual(Revision(deletedCancelled), Revision(cancelled));
        Assert.True(cancelled.GetProperty("cancelled").GetBoolean());
    }

    [Fact]
    public async Task A_package_for_another_screening_is_refused()
    {
        var (host, slug) = await ScreeningAsync();
        var other = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Other screening"));
        var door = await DoorLinks.CreateAsync(host, other, "Door A");
        var helper = new WebSession(_app);

        var (status, body) = await PackageAsync(helper, slug, door);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PackageAsync(new WebSession(_app), slug)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await PackageAsync(host, "no-such-screening")).Status);
    }

    [Fact]
    public async Task Offline_scans_sent_later_are_recorded_as_decided_offline_admitted_once_and_refusals_show_on_the_guest_list()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana Conflict", "ana@example.org", 2, true, "Bo Cancelled");
        var tickets = Tickets(slug);
        var doorA = await DoorLinks.CreateAsync(host, slug, "Door A");
        var doorB = await DoorLinks.CreateAsync(host, slug, "Door B");
        var phoneA = new WebSession(_app);
        var phoneB = new WebSession(_app);
        var start = _app.Clock.GetUtcNow();

        // Both phones admitted Ana while offline; A's scan arrives first and wins, B's is refused.
        var (_, a) = await OfflineScanAsync(phoneA, slug, tickets[0].Code, "a-1", start.AddMinutes(-3), doorToken: doorA);
        Assert.Equal("admitted", a.GetProperty("outcome").GetString());
        var (_, again) = await OfflineScanAsync(phoneA, slug, tickets[0].Code, "a-1", start.AddMinutes(-3), doorToken: doorA);
        Assert.Equal("admitted", again.GetProperty("outcome").GetString());
        var (_, b) = await OfflineScanAsync(phoneB, slug, tickets[0].Code, "b-1", start.AddMinutes(-2), doorToken: doorB);
        Assert.Equal("already_checked_in", b.GetProperty("outcome").GetString());
        Assert.Equal("Door A", b.GetProperty("door").GetString());

        // Bo's ticket was cancelled while B was offline.
        var manage = new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath;
        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "1"));
        var (_, cancelled) = await OfflineScanAsync(phoneB, slug, tickets[1].Code, "b-2", start.AddMinutes(-1), doorToken: doorB);
        Assert.Equal("cancelled", cancelled.GetProperty("outcome").GetString());

        // A queue entry with a tampered code is refused.
        var code = tickets[0].Code;
        var tampered = code[..100] + (code[100] == 'A' ? 'B' : 'A') + code[101..];
        var (_, forged) = await OfflineScanAsync(phoneB, slug, tampered, "b-3", start, doorToken: doorB);
        Assert.Equal("invalid", forged.GetProperty("outcome").GetString());

        var audit = _app.WithDb(db => db.CheckInScans.OrderBy(s => s.RecordedAtUtc).ToList());
        Assert.Equal(4, audit.Count);
        Assert.All(audit, s => Assert.True(s.DecidedOffline));
        Assert.Equal(start.AddMinutes(-3).UtcDateTime, audit[0].ScannedAtUtc);
        Assert.Equal(1, _app.WithDb(db => db.Tickets.Count(t => t.CheckedInAtUtc != null)));

        var list = await host.GetAsync($"/s/{slug}/guests");
        var conflicts = ConflictsSection().Match(list.Html).Value;
        Assert.Contains("Conflicts at the door", conflicts, StringComparison.Ordinal);
        var rows = RowPattern().Matches(conflicts).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Value, "<[^>]+>", " "))).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Contains("Ana Conflict", rows[0], StringComparison.Ordinal);
        Assert.Contains("Door B", rows[0], StringComparison.Ordinal);
        Assert.Contains("Door A", rows[0], StringComparison.Ordinal);
        Assert.Contains("Already admitted at another door", rows[0], StringComparison.Ordinal);
        Assert.Equal(2, TimePattern().Count(rows[0]));
        Assert.Contains("Bo Cancelled", rows[1], StringComparison.Ordinal);
        Assert.Contains("Ticket cancelled meanwhile", rows[1], StringComparison.Ordinal);
        Assert.Contains("not a genuine ticket", rows[2], StringComparison.Ordinal);
        Assert.Contains("Not a valid ticket", rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain("ana@example.org", conflicts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_offline_scan_sent_after_its_door_link_was_revoked_is_refused_and_shown_to_the_host()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana Revoked", "ana@example.org");
        var code = Tickets(slug)[0].Code;
        var door = await DoorLinks.CreateAsync(host, slug, "Door R");
        var phone = new WebSession(_app);
        await DoorLinks.RevokeAllAsync(host, slug);

        var (status, body) = await OfflineScanAsync(phone, slug, code, "r-1", _app.Clock.GetUtcNow().AddMinutes(-1), doorToken: door);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("door_closed", body.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error").GetString()));
        var (resent, _) = await OfflineScanAsync(phone, slug, code, "r-1", _app.Clock.GetUtcNow().AddMinutes(-1), doorToken: door);
        Assert.Equal(HttpStatusCode.Forbidden, resent);
        Assert.Null(_app.WithDb(db => db.Tickets.Single().CheckedInAtUtc));
        var scan = Assert.Single(_app.WithDb(db => db.CheckInScans.ToList()));
        Assert.Equal("door_closed", scan.Outcome);

        // An online scan with the revoked link records nothing.
        var (online, _) = await phone.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code }, door);
        Assert.Equal(HttpStatusCode.Unauthorized, online);
        Assert.Single(_app.WithDb(db => db.CheckInScans.ToList()));

        var list = await host.GetAsync($"/s/{slug}/guests");
        var conflicts = ConflictsSection().Match(list.Html).Value;
        Assert.Contains("Ana Revoked", conflicts, StringComparison.Ordinal);
        Assert.Contains("Door link revoked or expired", conflicts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_door_link_may_undo_its_own_admissions_for_five_minutes_and_the_host_any()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana Undo", "ana@example.org", 3, true, "Bo", "Cy");
        var tickets = Tickets(slug);
        var door = await DoorLinks.CreateAsync(host, slug, "Door U");
        var other = await DoorLinks.CreateAsync(host, slug, "Door V");
        var helper = new WebSession(_app);
        async Task<HttpStatusCode> UndoAsync(WebSession who, Ticket t, string? token) =>
            (await who.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = t.Id }, token)).Status;
        async Task AdmitAsync(Ticket t, string token) =>
            Assert.Equal("admitted", (await helper.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = t.Code }, token)).Body.GetProperty("outcome").GetString());

        await AdmitAsync(tickets[0], door);
        await AdmitAsync(tickets[1], door);
        await AdmitAsync(tickets[2], other);
        _app.Clock.Advance(TimeSpan.FromSeconds(4 * 60 + 59));
        Assert.Equal(HttpStatusCode.OK, await UndoAsync(helper, tickets[0], door));
        var (refusedOther, why) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = tickets[2].Id }, door);
        Assert.Equal(HttpStatusCode.Forbidden, refusedOther);
        Assert.Contains("made with it", why.GetProperty("error").GetString(), StringComparison.Ordinal);
        _app.Clock.Advance(TimeSpan.FromSeconds(2));
        var (late, lateWhy) = await helper.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = tickets[1].Id }, door);
        Assert.Equal(HttpStatusCode.Forbidden, late);
        Assert.Contains("5 minutes", lateWhy.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.NotNull(_app.WithDb(db => db.Tickets.Single(t => t.Id == tickets[1].Id).CheckedInAtUtc));

        // The host takes back any check-in, any time.
        Assert.Equal(HttpStatusCode.OK, await UndoAsync(host, tickets[1], null));
        Assert.Equal(HttpStatusCode.OK, await UndoAsync(host, tickets[2], null));
        Assert.Equal(0, _app.WithDb(db => db.Tickets.Count(t => t.CheckedInAtUtc != null)));
    }

    [GeneratedRegex("<section id=\"conflicts\">.*?</section>", RegexOptions.Singleline)]
    private static partial Regex ConflictsSection();

    [GeneratedRegex("<tr>\\s*<td>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"\d{1,2}:\d{2}")]
    private static partial Regex TimePattern();
}

/// <summary>Door links made and revoked on the host's Team page, as the host does it.</summary>
internal static partial class DoorLinks
{
    public static async Task<string> CreateAsync(WebSession host, string slug, string name)
    {
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", name));
        var team = await host.GetAsync($"/s/{slug}/team");
        var links = LinkPattern().Matches(team.Html).Select(m => (Name: WebUtility.HtmlDecode(m.Groups[1].Value), Token: m.Groups[2].Value)).ToList();
        return links.LastOrDefault(l => l.Name.StartsWith(name, StringComparison.Ordinal)).Token ?? throw new InvalidOperationException(team.Html);
    }

    public static async Task RevokeAllAsync(WebSession host, string slug)
    {
        var team = await host.GetAsync($"/s/{slug}/team");
        // Revoke is a link to its confirm step, whose form posts to the same address.
        foreach (Match m in RevokePattern().Matches(team.Html))
        {
            var confirm = await host.GetAsync(m.Groups[1].Value);
            Assert.Equal(HttpStatusCode.Redirect, (await host.PostAsync(m.Groups[1].Value, [], confirm.AntiforgeryToken)).Status);
        }
    }

    [GeneratedRegex("<td>([^<]*?) ?(?:<span[^>]*>[^<]*</span>)?</td>\\s*<td><input type=\"text\" readonly value=\"[^\"]*/door/([A-Za-z0-9_-]{24})\"")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("href=\"(/s/[^\"]+/team/doors/[0-9a-f-]+/revoke)\"")]
    private static partial Regex RevokePattern();
}

/// <summary>The door's pages: no site navigation, installable, an offline shell with nothing personal, a door link as QR.</summary>
public sealed class DoorPageTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_door_pages_show_no_site_navigation_are_installable_and_the_host_shows_a_door_link_as_a_qr_code()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org", "Hana Host");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields());
        var door = await DoorLinks.CreateAsync(host, slug, "Door Q");
        var helper = new WebSession(_app);

        var page = await helper.GetAsync("/door/" + door);
        Assert.DoesNotContain("<nav", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/door/{door}/manifest.webmanifest\"", page.Html, StringComparison.Ordinal);
        var hostPage = await host.GetAsync("/checkin/" + slug);
        Assert.DoesNotContain("<nav", hostPage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hana Host", hostPage.Html, StringComparison.Ordinal);
        Assert.Equal("no-store", hostPage.Headers["Cache-Control"]);

        using var client = _app.CreateClient();
        using var manifest = await client.GetAsync(new Uri($"/door/{door}/manifest.webmanifest", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, manifest.StatusCode);
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        Assert.Equal("/door/" + door, json.RootElement.GetProperty("start_url").GetString());
        Assert.Equal("/door/", json.RootElement.GetProperty("scope").GetString());
        using var madeUp = await client.GetAsync(new Uri("/door/AAAAAAAAAAAAAAAAAAAAAAAA/manifest.webmanifest", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, madeUp.StatusCode);

        // The offline shell the service worker keeps: no screening, no door, no account, not no-store.
        var shell = await host.GetAsync("/scanner-shell");
        Assert.Equal(HttpStatusCode.OK, shell.Status);
        Assert.Equal("no-cache", shell.Headers["Cache-Control"]);
        Assert.Contains("data-shell=\"true\"", shell.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(slug, shell.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Hana Host", shell.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<nav", shell.Html, StringComparison.Ordinal);

        var team = await host.GetAsync($"/s/{slug}/team");
        var qrPage = Regex.Match(team.Html, "href=\"(/s/[^\"]+/team/doors/[0-9a-f-]+/qr)\"").Groups[1].Value;
        var qr = await host.GetAsync(qrPage);
        Assert.Equal(HttpStatusCode.OK, qr.Status);
        Assert.Contains("Door Q", qr.Text, StringComparison.Ordinal);
        var image = await host.GetBytesAsync(qrPage + ".png");
        Assert.Equal("https://localhost/door/" + door, QrDecoder.Decode(image));
        // Only the host's team sees it.
        Assert.NotEqual(HttpStatusCode.OK, (await helper.GetAsync(qrPage + ".png")).Status);
    }
}
