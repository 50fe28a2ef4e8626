using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>
/// Walk-ins (issue 18): the door poster's form on a guest's own phone, and "Add walk-in" on the scanner. Seats come from
/// the seat ledger in the walk-in window; the RSVP privacy rule holds for an address; nobody admits themselves.
/// </summary>
public sealed partial class WalkInTests : IDisposable
{
    // Not readonly: the concurrency theory swaps in an app on the database of its row.
    private CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Poster(WebSession Host, string Slug, string FormPath);

    /// <summary>A host, a screening, and the walk-in form's path as the printed poster's QR code holds it.</summary>
    private async Task<Poster> PosterAsync(int capacity = 30, string title = "Community screening", WebSession? host = null)
    {
        host ??= await Flows.RegisterAsync(_app, "host@example.org");
        // Three hours from now (the test clock's start), so that moving into the walk-in window keeps the host signed in.
        var fields = Flows.ScreeningFields(title: title, capacity: capacity);
        var start = _app.Clock.GetUtcNow().AddHours(3);
        fields["StartLocal"] = RsvpFlows.NewYorkLocal(start);
        fields["EndLocal"] = RsvpFlows.NewYorkLocal(start.AddHours(2));
        var slug = await Flows.CreateScreeningAsync(host, fields);
        var poster = await host.GetAsync($"/s/{slug}/poster");
        Assert.Equal(HttpStatusCode.OK, poster.Status);
        var image = Convert.FromBase64String(WebUtility.HtmlDecode(PosterQr().Match(poster.Html).Groups[1].Value));
        var url = new Uri(QrDecoder.Decode(image));
        Assert.Equal("https://localhost" + url.AbsolutePath, url.ToString());
        Assert.Contains(url.ToString(), poster.Text, StringComparison.Ordinal);
        return new Poster(host, slug, url.AbsolutePath);
    }

    private DateTime Start(string slug) => _app.WithDb(db => db.Screenings.AsNoTracking().Single(s => s.Slug == slug).StartUtc);

    private void At(DateTime utc) => _app.Clock.SetUtcNow(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static List<KeyValuePair<string, string>> Fields(string name, string? email = null, int party = 1, bool consent = true) =>
    [
        new("Name", name),
        new("Email", email ?? ""),
        new("PartySize", party.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Consent", consent ? "true" : "false"),
    ];

    private static Task<WebSession.Page> WalkInAsync(CampaignFactory app, string formPath, List<KeyValuePair<string, string>> fields) =>
        new WebSession(app).SubmitAsync(formPath, formPath, fields);

    /// <summary>Posts the walk-in form when its page shows none (closed, or a dead poster), with the antiforgery token of another form.</summary>
    private static async Task<WebSession.Page> WalkInBlindAsync(CampaignFactory app, string formPath, List<KeyValuePair<string, string>> fields)
    {
        var session = new WebSession(app);
        var page = await session.GetAsync("/account/login");
        return await session.PostAsync(formPath, fields, page.AntiforgeryToken ?? throw new InvalidOperationException(page.Html));
    }

    private int SeatsTaken(string slug) => _app.WithDb(db => db.Screenings.AsNoTracking().Single(s => s.Slug == slug).SeatsTaken);

    private int Rows() => _app.WithDb(db => db.Rsvps.Count() + db.Tickets.Count() + db.OutboxMessages.Count() + db.CheckInScans.Count());

    [Fact]
    public async Task A_walk_in_without_an_address_sees_their_tickets_on_screen_and_is_admitted_only_when_the_door_scans_them()
    {
        var (host, slug, form) = await PosterAsync();
        At(Start(slug).AddMinutes(-30));
        var mailsBefore = _app.Mails().Count;

        var session = new WebSession(_app);
        var page = await session.GetAsync(form);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Community screening", page.Text, StringComparison.Ordinal);
        var sent = await session.PostAsync(form, Fields("Ana Walker", party: 2), page.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, sent.Status);
        Assert.Matches("^/rsvp/[A-Za-z0-9_-]{24}/walk-in$", sent.Location);

        var seated = await session.FollowAsync(sent);
        Assert.Contains("You have a seat", seated.Text, StringComparison.Ordinal);
        var codes = TicketImage().Matches(seated.Html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, codes.Count);
        Assert.Equal(2, SeatsTaken(slug));

        // Nobody is in until the door scans the code the guest's screen shows (decoded from its QR image).
        Assert.All(_app.WithDb(db => db.Tickets.AsNoTracking().ToList()), t => Assert.Null(t.CheckedInAtUtc));
        var png = await new WebSession(_app).GetBytesAsync($"/t/{codes[0]}/qr.png");
        var (scanStatus, scan) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = QrDecoder.Decode(png) });
        Assert.True(scanStatus == HttpStatusCode.OK, scan.ToString());
        Assert.Equal("admitted", scan.GetProperty("outcome").GetString());
        Assert.Equal("Ana Walker", scan.GetProperty("name").GetString());
        Assert.Equal(1, scan.GetProperty("counts").GetProperty("in").GetInt32());
        Assert.Equal(2, scan.GetProperty("counts").GetProperty("expected").GetInt32());

        // Marked for the host; nothing was mailed (there is no address), not even to the host.
        var dashboard = await host.GetAsync($"/s/{slug}?tab=going");
        Assert.Matches("Ana Walker\\s*<span class=\"badge\" data-walk-in>walk-in</span>", dashboard.Html);
        Assert.DoesNotContain("Resend tickets", dashboard.Html, StringComparison.Ordinal);
        Assert.Equal(mailsBefore, _app.Mails().Count);
        var rsvp = _app.WithDb(db => db.Rsvps.AsNoTracking().Single());
        Assert.Equal(RsvpSource.Poster, rsvp.Source);
        Assert.False(rsvp.HasAddress);
    }

    [Fact]
    public async Task A_walk_in_without_an_address_is_never_mailed_and_can_still_cancel_on_their_link()
    {
        var (host, slug, form) = await PosterAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bo Early", "bo@example.org");
        At(Start(slug).AddMinutes(-30));
        var seated = await WalkInAsync(_app, form, Fields("Ana Walker", party: 2));
        var manage = seated.Location![..^"/walk-in".Length];
        var rsvpId = _app.WithDb(db => db.Rsvps.AsNoTracking().Single(r => r.Name == "Ana Walker").Id);

        // The host writes to the guests and tries to resend tickets: Bo is mailed, Ana cannot be.
        var message = await host.SubmitAsync($"/s/{slug}/guests", $"/s/{slug}/guests/message", ("Form.Message", "Doors open at seven."));
        Assert.True(message.Status.IsRedirect(), message.Text);
        var dashboard = await host.GetAsync($"/s/{slug}?tab=going");
        var resend = await host.PostAsync($"/s/{slug}/guests/{rsvpId}/tickets", [], dashboard.AntiforgeryToken);
        Assert.Contains("walked in without an e-mail address", (await host.FollowAsync(resend)).Text, StringComparison.Ordinal);

        // Their own link: the page works, without a calendar subscription (no address to gather it under).
        var page = await new WebSession(_app).GetAsync(manage);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("calendar-feed", page.Html, StringComparison.Ordinal);
        var feed = await new WebSession(_app).SubmitAsync(manage, manage + "/calendar-feed", Array.Empty<(string, string)>());
        Assert.Equal(HttpStatusCode.NotFound, feed.Status);
        var cancelled = await RsvpFlows.ManageAsync(_app, manage, "cancel");
        Assert.True(cancelled.Status.IsRedirect(), cancelled.Text);
        Assert.Equal(1, SeatsTaken(slug));
        Assert.Contains("ask at the door", (await new WebSession(_app).GetAsync(manage)).Text, StringComparison.Ordinal);

        _app.DeliverMail();
        Assert.Equal(0, _app.WithDb(db => db.OutboxMessages.Count(m => m.ToAddress == "")));
        Assert.All(_app.Mails(), m => Assert.DoesNotContain(m.To.Mailboxes, a => string.IsNullOrEmpty(a.Address)));
        Assert.Contains(_app.MailsTo("bo@example.org"), m => (m.Subject ?? "").StartsWith("Message from the host", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_address_every_walk_in_sees_the_same_page_and_only_the_mail_says_where_they_stand()
    {
        var (_, slug, form) = await PosterAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bo Early", "bo@example.org", 2);
        _app.DeliverMail();
        At(Start(slug).AddMinutes(-10));

        var fresh = await WalkInAsync(_app, form, Fields("Cy New", "cy@example.org"));
        var again = await WalkInAsync(_app, form, Fields("Someone else", "BO@example.org", party: 3));
        Assert.Equal(HttpStatusCode.Redirect, fresh.Status);
        Assert.Equal(fresh.Location, again.Location);
        var freshPage = await new WebSession(_app).GetAsync(fresh.Location!);
        var againPage = await new WebSession(_app).GetAsync(again.Location!);
        Assert.Equal(freshPage.Text, againPage.Text);
        Assert.Contains("Check your e-mail", freshPage.Text, StringComparison.Ordinal);

        // No second seat for the address that answered before: 2 (Bo) + 1 (Cy).
        Assert.Equal(3, SeatsTaken(slug));
        Assert.Equal(2, _app.WithDb(db => db.Rsvps.Count()));
        _app.DeliverMail();
        var cy = Assert.Single(_app.MailsTo("cy@example.org"));
        Assert.StartsWith("You're confirmed", cy.Subject, StringComparison.Ordinal);
        Assert.Single(TicketTests.CodesIn(cy));
        var bo = _app.MailsTo("bo@example.org");
        Assert.Equal(2, bo.Count);
        Assert.StartsWith("You already answered", bo[^1].Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_full_a_walk_in_sees_Full_or_with_an_address_joins_the_waitlist_while_it_is_open()
    {
        var (_, slug, form) = await PosterAsync(capacity: 1);
        await RsvpFlows.AnswerAsync(_app, slug, "Bo Early", "bo@example.org");
        At(Start(slug).AddMinutes(-20));
        var before = Rows();

        var full = await WalkInAsync(_app, form, Fields("Ana Walker"));
        Assert.Equal(HttpStatusCode.Conflict, full.Status);
        Assert.Contains("Full", full.Text, StringComparison.Ordinal);
        Assert.Contains("Give your e-mail address to join the waitlist", full.Text, StringComparison.Ordinal);
        Assert.Equal(before, Rows());

        var waiting = await WalkInAsync(_app, form, Fields("Ana Walker", "ana@example.org"));
        Assert.Equal(HttpStatusCode.Redirect, waiting.Status);
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.AsNoTracking().Single(r => r.EmailKey == "ana@example.org").Status));
        _app.DeliverMail();
        Assert.StartsWith("You're on the waitlist", Assert.Single(_app.MailsTo("ana@example.org")).Subject, StringComparison.Ordinal);

        // After the start RSVPs (and so the waitlist) are closed: "Full" for everyone, whatever the address.
        At(Start(slug).AddMinutes(15));
        var late = await WalkInAsync(_app, form, Fields("Di Late", "di@example.org"));
        var lateKnown = await WalkInAsync(_app, form, Fields("Bo again", "bo@example.org"));
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Equal(HttpStatusCode.Conflict, lateKnown.Status);
        Assert.DoesNotContain("waitlist", late.Text, StringComparison.Ordinal);
        Assert.Equal(1, SeatsTaken(slug));
    }

    [Fact]
    public async Task The_form_says_when_it_is_too_early_over_or_cancelled_and_takes_nothing()
    {
        var (host, slug, form) = await PosterAsync();
        var before = Rows();

        At(Start(slug).AddHours(-1).AddMinutes(-1));
        var early = await new WebSession(_app).GetAsync(form);
        Assert.Contains("Walk-ins open an hour before the start, at", early.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Get my seat", early.Text, StringComparison.Ordinal);
        var tooEarly = await WalkInBlindAsync(_app, form, Fields("Ana Walker"));
        Assert.Equal(HttpStatusCode.Conflict, tooEarly.Status);
        Assert.Contains("Walk-ins open an hour before the start, at", tooEarly.Text, StringComparison.Ordinal);

        At(Start(slug).AddHours(2));
        Assert.Contains("This screening has ended", (await new WebSession(_app).GetAsync(form)).Text, StringComparison.Ordinal);
        var over = await WalkInBlindAsync(_app, form, Fields("Ana Walker"));
        Assert.Equal(HttpStatusCode.Conflict, over.Status);
        Assert.Contains("This screening has ended", over.Text, StringComparison.Ordinal);
        Assert.Equal(before, Rows());

        var (_, other, otherForm) = await PosterAsync(title: "Second night", host: host);
        await host.SubmitAsync($"/s/{other}/cancel", $"/s/{other}/cancel", ("Reason", "The venue flooded."));
        At(Start(other).AddMinutes(-10));
        var cancelled = await WalkInBlindAsync(_app, otherForm, Fields("Ana Walker"));
        Assert.Equal(HttpStatusCode.Conflict, cancelled.Status);
        Assert.Contains("This screening was cancelled", cancelled.Text, StringComparison.Ordinal);
        Assert.Equal(0, SeatsTaken(other));
    }

    [Fact]
    public async Task Bad_input_is_refused_beside_its_field_and_a_name_is_cleaned_like_every_name()
    {
        var (host, slug, form) = await PosterAsync();
        At(Start(slug).AddMinutes(-5));
        var before = Rows();

        foreach (var (fields, message) in new[]
        {
            (Fields(""), "Give your name"),
            (Fields(new string('a', 101)), "at most 100 characters"),
            (Fields("Ana", "not-an-address"), "Give a valid e-mail address"),
            (Fields("Ana", party: 4), "Choose between 1 and 3 people"),
            (Fields("Ana", party: 0), "Choose"),
            (Fields("Ana", consent: false), "Please agree"),
        })
        {
            var page = await WalkInAsync(_app, form, fields);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
            Assert.Contains(message, page.Text, StringComparison.Ordinal);
        }

        Assert.Equal(before, Rows());

        var marked = await WalkInAsync(_app, form, Fields("Ana\r\nBcc: evil@example.org <b>bold</b>\t"));
        Assert.Equal(HttpStatusCode.Redirect, marked.Status);
        var name = _app.WithDb(db => db.Rsvps.AsNoTracking().Single().Name);
        Assert.DoesNotContain('\r', name);
        Assert.DoesNotContain('\n', name);
        Assert.DoesNotContain('\t', name);
        var seated = await new WebSession(_app).GetAsync(marked.Location!);
        Assert.DoesNotContain("<b>bold</b>", seated.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", seated.Html, StringComparison.Ordinal);

        // An altered poster code opens nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(_app).GetAsync(form[..^1] + (form[^1] == 'a' ? 'b' : 'a'))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(_app).GetAsync(form.ToUpperInvariant())).Status);
        _ = host;
    }

    [Fact]
    public async Task A_poster_of_another_screening_seats_nobody_here_and_a_replaced_poster_stops_working()
    {
        var (host, slug, form) = await PosterAsync();
        var (_, other, otherForm) = await PosterAsync(title: "Second night", host: host);
        At(Start(slug).AddMinutes(-5));
        Assert.Equal(Start(slug), Start(other));

        var there = await WalkInAsync(_app, otherForm, Fields("Ana Walker"));
        var code = TicketImage().Match((await new WebSession(_app).GetAsync(there.Location!)).Html).Groups[1].Value;
        Assert.Equal(0, SeatsTaken(slug));
        Assert.Equal(1, SeatsTaken(other));
        var (_, scan) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });
        Assert.Equal("wrong_screening", scan.GetProperty("outcome").GetString());

        // The host gives the poster a new code: the old one (a photo of it) opens nothing; the new one works.
        var poster = await host.GetAsync($"/s/{slug}/poster");
        var replaced = await host.PostAsync($"/s/{slug}/poster/replace", [], poster.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.Redirect, replaced.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(_app).GetAsync(form)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await WalkInBlindAsync(_app, form, Fields("Bo"))).Status);
        var fresh = PosterQr().Match((await host.GetAsync($"/s/{slug}/poster")).Html).Groups[1].Value;
        var newForm = new Uri(QrDecoder.Decode(Convert.FromBase64String(WebUtility.HtmlDecode(fresh)))).AbsolutePath;
        Assert.NotEqual(form, newForm);
        Assert.Equal(HttpStatusCode.Redirect, (await WalkInAsync(_app, newForm, Fields("Bo"))).Status);

        // Only the screening's hosts see the poster page.
        var stranger = await Flows.RegisterAsync(_app, "stranger@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/s/{slug}/poster")).Status);
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> AddWalkInAsync(WebSession who, string slug, string? name, int? partySize = 1, string? scanId = null, string? doorToken = null, bool offline = false) =>
        who.JsonAsync(HttpMethod.Post, "/api/checkin/walk-in", new { screening = slug, name, partySize, scanId, decidedOffline = offline, scannedAt = DateTimeOffset.UtcNow }, doorToken);

    [Fact]
    public async Task Add_walk_in_on_the_scanner_takes_seats_and_admits_at_once_and_a_resend_seats_nobody_twice()
    {
        var (host, slug, _) = await PosterAsync(capacity: 3);
        var door = await DoorLinks.CreateAsync(host, slug, "Side door");
        At(Start(slug).AddMinutes(-15));

        var (status, added) = await AddWalkInAsync(new WebSession(_app), slug, "Eve Door", 2, scanId: "w-1", doorToken: door);
        Assert.True(status == HttpStatusCode.OK, added.ToString());
        Assert.Equal("walk_in_admitted", added.GetProperty("outcome").GetString());
        Assert.Equal("Eve Door", added.GetProperty("name").GetString());
        Assert.Equal(2, added.GetProperty("tickets").GetArrayLength());
        Assert.Equal(2, added.GetProperty("counts").GetProperty("in").GetInt32());

        var (_, resent) = await AddWalkInAsync(new WebSession(_app), slug, "Eve Door", 2, scanId: "w-1", doorToken: door);
        Assert.Equal("walk_in_admitted", resent.GetProperty("outcome").GetString());
        Assert.Equal(added.GetProperty("tickets").ToString(), resent.GetProperty("tickets").ToString());
        Assert.Equal(2, SeatsTaken(slug));

        var tickets = _app.WithDb(db => db.Tickets.AsNoTracking().ToList());
        Assert.Equal(2, tickets.Count);
        Assert.All(tickets, t => Assert.Equal("Side door", t.CheckedInDoor));
        Assert.Equal(RsvpSource.Door, _app.WithDb(db => db.Rsvps.AsNoTracking().Single().Source));

        // One seat left: a party of two is refused and nobody is seated.
        var (_, full) = await AddWalkInAsync(host, slug, "Fay Late", 2);
        Assert.Equal("full", full.GetProperty("outcome").GetString());
        Assert.Contains("Nobody was seated", full.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, SeatsTaken(slug));

        // The host sees the walk-in on the checked-in list, marked.
        var checkedIn = await host.GetAsync($"/s/{slug}?tab=checked-in");
        Assert.Matches("Eve Door\\s*<span class=\"badge\" data-walk-in>walk-in</span>", checkedIn.Html);

        // The door link may take its own walk-in admission back within its undo window, like any admission it made.
        var ticket = added.GetProperty("tickets")[0].GetGuid();
        var (undoStatus, undone) = await new WebSession(_app).JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket }, door);
        Assert.Equal(HttpStatusCode.OK, undoStatus);
        Assert.Equal("undone", undone.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task An_offline_walk_in_sent_when_the_screening_is_full_is_a_conflict_for_the_host_with_the_name()
    {
        var (host, slug, _) = await PosterAsync(capacity: 1);
        var door = await DoorLinks.CreateAsync(host, slug, "Front");
        await RsvpFlows.AnswerAsync(_app, slug, "Bo Early", "bo@example.org");
        At(Start(slug).AddMinutes(5));

        var (status, body) = await AddWalkInAsync(new WebSession(_app), slug, "Gil Offline", 2, scanId: "queued-1", doorToken: door, offline: true);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("full", body.GetProperty("outcome").GetString());
        var (_, again) = await AddWalkInAsync(new WebSession(_app), slug, "Gil Offline", 2, scanId: "queued-1", doorToken: door, offline: true);
        Assert.Equal("full", again.GetProperty("outcome").GetString());
        Assert.Equal(1, _app.WithDb(db => db.CheckInScans.Count(s => s.Outcome == CheckInScan.WalkInFull)));

        var guests = await host.GetAsync($"/s/{slug}/guests");
        Assert.Contains("Gil Offline (walk-in, party of 2)", guests.Text, StringComparison.Ordinal);
        Assert.Contains("the screening was full when it was sent", guests.Text, StringComparison.Ordinal);

        // After the end the door takes no walk-ins, and says why.
        At(Start(slug).AddHours(3));
        var (_, closed) = await AddWalkInAsync(host, slug, "Hal", 1);
        Assert.Equal("closed", closed.GetProperty("outcome").GetString());
        Assert.Contains("ended", closed.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_walk_in_requests_get_a_reason_and_change_nothing()
    {
        var (host, slug, _) = await PosterAsync();
        var (_, other, _) = await PosterAsync(title: "Second night", host: host);
        var foreignDoor = await DoorLinks.CreateAsync(host, other, "Other door");
        At(Start(slug).AddMinutes(-5));
        var before = Rows();

        foreach (var (name, party, expected) in new (string?, int?, string)[]
        {
            (null, 1, "\"name\" is missing"),
            ("  \r\n ", 1, "\"name\" is missing"),
            (new string('a', 101), 1, "at most 100"),
            ("Ana", 0, "Choose between 1 and 3"),
            ("Ana", 4, "Choose between 1 and 3"),
        })
        {
            var (status, body) = await AddWalkInAsync(host, slug, name, party);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Contains(expected, body.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var (forbidden, _) = await AddWalkInAsync(new WebSession(_app), slug, "Ana", 1, doorToken: foreignDoor);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        var (anonymous, _) = await AddWalkInAsync(new WebSession(_app), slug, "Ana", 1);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous);

        using var client = _app.CreateClient();
        using var form = new FormUrlEncodedContent([new("screening", slug), new("name", "Ana")]);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await client.PostAsync(new Uri("/api/checkin/walk-in", UriKind.Relative), form)).StatusCode);
        Assert.Equal(before, Rows());

        var (ok, cleaned) = await AddWalkInAsync(host, slug, "Ana\r\nX-Injected: 1 <script>x</script>", 1);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.DoesNotContain('\n', cleaned.GetProperty("name").GetString()!);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Many_walk_ins_at_once_take_exactly_the_seats_there_are(string database)
    {
        var store = TestDatabase.Create(database);
        _app.Dispose();
        _app = new CampaignFactory(settings: store.With());
        try
        {
            await ManyAtOnceAsync();
        }
        finally
        {
            _app.Dispose();
            store.Dispose();
        }
    }

    private async Task ManyAtOnceAsync()
    {
        var (host, slug, form) = await PosterAsync(capacity: 5);
        At(Start(slug).AddMinutes(-5));

        var door = Enumerable.Range(0, 12).Select(i => AddWalkInAsync(host, slug, $"Door {i}", 1, scanId: $"s-{i}"));
        var poster = Enumerable.Range(0, 12).Select(i => WalkInAsync(_app, form, Fields($"Poster {i}")));
        var results = await Task.WhenAll(door);
        var pages = await Task.WhenAll(poster);

        var admitted = results.Count(r => r.Body.GetProperty("outcome").GetString() == "walk_in_admitted");
        var seated = pages.Count(p => p.Status == HttpStatusCode.Redirect);
        Assert.Equal(5, admitted + seated);
        Assert.Equal(5, SeatsTaken(slug));
        Assert.Equal(5, _app.WithDb(db => db.Tickets.Count()));
        Assert.All(pages.Where(p => p.Status != HttpStatusCode.Redirect), p => Assert.Equal(HttpStatusCode.Conflict, p.Status));
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,([^\"]+)\" alt=\"QR code that opens the walk-in form\"")]
    private static partial Regex PosterQr();

    [GeneratedRegex("<img src=\"/t/([A-Z2-7]+)/qr.svg\"")]
    private static partial Regex TicketImage();
}
