using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Campaign.Domain.Rsvps;
using Campaign.Infrastructure.Calendar;
using Campaign.Web.Features.Guests;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>Calendar files, invitations and feeds, each read back with ical.js (an independent parser).</summary>
public sealed partial class CalendarTests : IDisposable
{
    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?> { ["Campaign:PublicBaseUrl"] = "https://screenings.example.org" });

    public void Dispose() => _app.Dispose();

    private static int NextYear => DateTime.UtcNow.Year + 1;

    private async Task<(WebSession Host, string Slug)> ScreeningAsync(Action<Dictionary<string, string>>? change = null)
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org", "Ana Host");
        var fields = Flows.ScreeningFields(startLocal: new DateTime(NextYear, 3, 14, 19, 0, 0));
        change?.Invoke(fields);
        return (host, await Flows.CreateScreeningAsync(host, fields));
    }

    private async Task<(HttpResponseMessage Response, string Text)> GetAsync(string path)
    {
        var response = await _app.Browser().GetAsync(path);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The calendar parts of a mail: the text/calendar alternative and the attachment hold the same object.</summary>
    private static string Invitation(MimeMessage mail, string method)
    {
        var parts = mail.BodyParts.OfType<MimePart>().ToList();
        var alternative = Assert.Single(parts, p => p.ContentType.MimeType == "text/calendar");
        Assert.Equal(method, alternative.ContentType.Parameters["method"]);
        Assert.Single(parts, p => p.ContentType.MimeType == "application/ics" && p.FileName == "invite.ics");
        return ((TextPart)alternative).Text;
    }

    private MimeMessage LastMailTo(string address, string subjectStart) =>
        _app.MailsTo(address).Last(m => (m.Subject ?? "").StartsWith(subjectStart, StringComparison.Ordinal));

    [Fact]
    public async Task Screening_file_has_a_stable_uid_the_apps_clock_its_zone_and_public_detail_only()
    {
        var (_, slug) = await ScreeningAsync();
        var screening = GuestData.Screening(_app, slug);

        var (response, first) = await GetAsync($"/s/{slug}/calendar.ics");
        _app.Clock.Advance(TimeSpan.FromMinutes(7));
        var (_, second) = await GetAsync($"/s/{slug}/calendar.ics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("screening.ics", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var a = IcalJs.Parse(first);
        var b = IcalJs.Parse(second);
        Assert.Null(a.Method);
        var evt = a.Only();
        // The stored UID (decisions/0023): random characters, not the slug's words, so discreet mode can come later.
        Assert.Equal($"{screening.CalendarUid}@campaign.invalid", evt.Uid);
        Assert.Matches("^[a-z2-9]{16}@", evt.Uid);
        Assert.Equal(evt.Uid, b.Only().Uid);
        Assert.Equal(screening.Version, evt.Sequence);
        Assert.Equal(screening.StartUtc, evt.StartUtc);
        Assert.Equal(screening.EndUtc, evt.EndUtc);
        Assert.Equal("America/New_York", evt.Tzid);
        var zone = Assert.Single(a.Timezones);
        Assert.Equal("America/New_York", zone.Tzid);
        Assert.True(zone.Standard > 0 && zone.Daylight > 0, "STANDARD and DAYLIGHT observances");
        Assert.Contains("DTSTAMP:" + _app.Clock.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture), second, StringComparison.Ordinal);
        Assert.Equal("Community screening", evt.Summary);
        Assert.Equal("Albany, NY, United States", evt.Location);
        Assert.Equal($"https://screenings.example.org/s/{slug}", evt.Url);
        Assert.Contains("Film and conversation.", evt.Description, StringComparison.Ordinal);
        Assert.Equal("CONFIRMED", evt.Status);
        Assert.DoesNotContain("Secret Street", first, StringComparison.Ordinal);
        Assert.DoesNotContain("12207", first, StringComparison.Ordinal);
        Assert.DoesNotContain("/rsvp/", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_screening_file_says_online_and_never_holds_the_link()
    {
        var (_, slug) = await ScreeningAsync(f =>
        {
            f["IsOnline"] = "true";
            f["OnlineUrl"] = "https://meet.example.org/private-room";
            f["TimeZoneId"] = "Asia/Kolkata";
        });
        var screening = GuestData.Screening(_app, slug);

        var (_, text) = await GetAsync($"/s/{slug}/calendar.ics");

        var evt = IcalJs.Parse(text).Only();
        Assert.Equal("Online", evt.Location);
        Assert.Equal(screening.StartUtc, evt.StartUtc);
        Assert.Equal(new DateTime(NextYear, 3, 14, 13, 30, 0, DateTimeKind.Utc), evt.StartUtc);
        Assert.DoesNotContain("private-room", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hidden_or_unknown_screening_has_no_file()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/s/nothing-here-abcdefghijkmnpqr/calendar.ics")).Response.StatusCode);
    }

    [Fact]
    public async Task Confirmation_carries_a_request_that_reschedule_updates_and_cancellation_withdraws()
    {
        // The organiser's name is the screening's "Hosted by".
        var (host, slug) = await ScreeningAsync(f => f["HostedByName"] = "Ana Host");
        await RsvpFlows.AnswerAsync(_app, slug, "Bea Guest", "bea@example.org");
        var download = IcalJs.Parse((await GetAsync($"/s/{slug}/calendar.ics")).Text).Only();

        var invite = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "You're confirmed"), "REQUEST"));

        Assert.Equal("REQUEST", invite.Method);
        var first = invite.Only();
        Assert.Equal(download.Uid, first.Uid);
        Assert.Equal("mailto:no-reply@campaign.invalid", first.Organizer!.Value);
        Assert.Equal("Ana Host", first.Organizer.Cn);
        Assert.Equal("mailto:bea@example.org", first.Attendee!.Value);
        Assert.Equal("Bea Guest", first.Attendee.Cn);
        Assert.Contains("12 Secret Street", first.Location, StringComparison.Ordinal);
        Assert.Equal(download.StartUtc, first.StartUtc);

        await GuestData.EditAsync(host, slug, Flows.ScreeningFields(startLocal: new DateTime(NextYear, 11, 7, 19, 0, 0)));
        var update = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "New time"), "REQUEST")).Only();
        Assert.Equal(first.Uid, update.Uid);
        Assert.True(update.Sequence > first.Sequence, $"SEQUENCE {update.Sequence} after {first.Sequence}");
        // 7 November: New York is back on EST (UTC-5) that morning.
        Assert.Equal(new DateTime(NextYear, 11, 8, 0, 0, 0, DateTimeKind.Utc), update.StartUtc);

        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "The venue flooded.")], confirm.AntiforgeryToken);
        var cancel = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "Cancelled"), "CANCEL"));
        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(first.Uid, cancel.Only().Uid);
        Assert.Equal("CANCELLED", cancel.Only().Status);
        Assert.True(cancel.Only().Sequence > update.Sequence);
    }

    [Fact]
    public async Task A_guest_who_cancels_gets_a_cancel_and_coming_back_gets_a_newer_request()
    {
        var (_, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.org");
        var manage = _app.LinkInMail("bea@example.org", "/rsvp/");
        var request = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "You're confirmed"), "REQUEST")).Only();

        await RsvpFlows.ManageAsync(_app, manage, "cancel");
        var cancel = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "Your RSVP changed"), "CANCEL"));
        await RsvpFlows.ManageAsync(_app, manage, "reconfirm", ("PartySize", "1"));
        var again = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "You're confirmed"), "REQUEST")).Only();

        Assert.Equal("CANCEL", cancel.Method);
        Assert.Equal(request.Uid, cancel.Only().Uid);
        Assert.Equal("CANCELLED", cancel.Only().Status);
        Assert.True(cancel.Only().Sequence > request.Sequence);
        Assert.Equal(request.Uid, again.Uid);
        Assert.True(again.Sequence > cancel.Only().Sequence);
    }

    [Fact]
    public async Task Reminder_mail_carries_the_invitation()
    {
        var start = _app.Clock.GetUtcNow().UtcDateTime.Date.AddDays(3).AddHours(18);
        var (_, slug) = await ScreeningAsync(f =>
        {
            f["StartLocal"] = start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            f["EndLocal"] = start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
            f["TimeZoneId"] = "Europe/London";
        });
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        _app.Clock.SetUtcNow(start.AddHours(-23));

        await _app.Services.GetRequiredService<ReminderJob>().RunOnceAsync(CancellationToken.None);

        var evt = IcalJs.Parse(Invitation(LastMailTo("bea@example.org", "Reminder"), "REQUEST")).Only();
        Assert.Equal(GuestData.Screening(_app, slug).StartUtc, evt.StartUtc);
        Assert.Equal("Europe/London", evt.Tzid);
    }

    [Fact]
    public async Task User_feed_lists_hosted_and_attended_screenings_and_a_new_address_revokes_the_old()
    {
        var (host, slug) = await ScreeningAsync();
        var bea = await Flows.RegisterAsync(_app, "bea@example.org", "Bea");
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.org");

        var old = await FeedPathAsync(bea);
        var hostFeed = IcalJs.Parse((await GetAsync(await FeedPathAsync(host))).Text).Only();
        var (response, text) = await GetAsync(old);
        var attended = IcalJs.Parse(text).Only();

        Assert.Equal("text/calendar; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(hostFeed.Uid, attended.Uid);
        Assert.Contains("12 Secret Street", attended.Location, StringComparison.Ordinal);
        var page = await bea.GetAsync("/my/calendar");
        Assert.Contains("webcal://", page.Html, StringComparison.Ordinal);

        var renewed = await FeedPathAsync(bea, renew: true);
        Assert.NotEqual(old, renewed);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(old)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(renewed)).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/feeds/AAAAAAAAAAAAAAAAAAAAAAAA.ics")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/feeds/not-a-token.ics")).Response.StatusCode);
    }

    private static async Task<string> FeedPathAsync(WebSession session, bool renew = false)
    {
        var page = await session.GetAsync("/my/calendar");
        if (renew || !page.Html.Contains("id=\"feed-url\"", StringComparison.Ordinal))
        {
            await session.PostAsync("/my/calendar/feed", [], page.AntiforgeryToken);
            page = await session.GetAsync("/my/calendar");
        }

        return new Uri(FeedUrl().Match(page.Html).Groups[1].Value).AbsolutePath;
    }

    [Fact]
    public async Task Guest_feed_from_the_manage_page_lists_their_confirmed_screenings()
    {
        var (_, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.org");
        var manage = _app.LinkInMail("bea@example.org", "/rsvp/");

        var done = await RsvpFlows.ManageAsync(_app, manage, "calendar-feed");
        var page = await new WebSession(_app).GetAsync(manage);
        var feed = new Uri(GuestFeedUrl().Match(page.Html).Groups[1].Value).AbsolutePath;
        var evt = IcalJs.Parse((await GetAsync(feed)).Text).Only();

        Assert.Equal(manage + "#calendar-feed", done.Location);
        Assert.StartsWith("/feeds/", feed, StringComparison.Ordinal);
        Assert.Equal(GuestData.Screening(_app, slug).StartUtc, evt.StartUtc);
        Assert.Contains("add-google", page.Html, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", IcalJs.Parse((await GetAsync(manage + "/calendar.ics")).Text).Only().Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_feed_lists_approved_public_screenings_by_region_and_country_with_public_detail_only()
    {
        var (host, listed) = await ScreeningAsync(f => f["Visibility"] = "Public");
        var london = Flows.ScreeningFields("Elsewhere", new DateTime(NextYear, 4, 1, 19, 0, 0), "Europe/London", "Public");
        (london["City"], london["Region"], london["PostalCode"], london["CountryCode"]) = ("London", "England", "N1 9GU", "GB");
        var elsewhere = await Flows.CreateScreeningAsync(host, london);
        var unlisted = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Unlisted one", new DateTime(NextYear, 4, 2, 19, 0, 0)));
        _app.WithDb(db =>
        {
            foreach (var s in db.Screenings.Where(s => s.Slug == listed || s.Slug == elsewhere).ToList())
            {
                s.Approve(_app.Clock.GetUtcNow().UtcDateTime);
            }

            return db.SaveChanges();
        });

        var all = IcalJs.Parse((await GetAsync("/screenings/calendar.ics")).Text);
        var ny = IcalJs.Parse((await GetAsync("/screenings/calendar.ics?region=ny&country=US")).Text);
        var (_, gb) = await GetAsync("/screenings/calendar.ics?country=gb");

        Assert.Equal(2, all.Events.Count);
        Assert.DoesNotContain(all.Events, e => e.Uid.StartsWith(GuestData.Screening(_app, unlisted).CalendarUid, StringComparison.Ordinal));
        Assert.Equal($"{GuestData.Screening(_app, listed).CalendarUid}@campaign.invalid", ny.Only().Uid);
        Assert.Equal($"{GuestData.Screening(_app, elsewhere).CalendarUid}@campaign.invalid", IcalJs.Parse(gb).Only().Uid);
        Assert.DoesNotContain("Secret Street", gb, StringComparison.Ordinal);
        Assert.Equal(2, all.Timezones.Count);
    }

    [Fact]
    public async Task Screening_page_offers_google_outlook_and_ics_links()
    {
        var (_, slug) = await ScreeningAsync();

        var page = await new WebSession(_app).GetAsync("/s/" + slug);

        Assert.Contains("https://calendar.google.com/calendar/render?action=TEMPLATE", page.Html, StringComparison.Ordinal);
        Assert.Contains("https://outlook.live.com/calendar/0/action/compose", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/s/{slug}/calendar.ics\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"dates={NextYear}0314T230000Z/{NextYear}0315T010000Z", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret%20Street", page.Html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<code id=\"feed-url\">([^<]+)</code>")]
    private static partial Regex FeedUrl();

    [GeneratedRegex("<code id=\"guest-feed-url\">([^<]+)</code>")]
    private static partial Regex GuestFeedUrl();
}

/// <summary>The writer alone: times in zones with and without daylight saving, and awkward text, read back by ical.js.</summary>
public sealed class IcsWriterTests : IDisposable
{
    private readonly IcsWriter _writer = new();

    public void Dispose() => _writer.Dispose();

    [Fact]
    public void Markup_in_a_title_place_or_description_never_goes_into_the_file_and_plain_angle_brackets_stay()
    {
        var start = new DateTime(2027, 3, 14, 23, 0, 0, DateTimeKind.Utc);
        var entry = new IcsEvent("uid-2@example.org", 1, start, start.AddHours(2), "UTC", "<b>Film</b> night <script>alert(1)</script>")
        {
            Location = "Hall <img src=x onerror=alert(1)>",
            Description = "Seats: 3 < 4 and 5 > 2\n<a href=\"javascript:x\">link</a><!-- note -->",
        };

        var text = _writer.Write([entry], IcsMethod.None, start);
        var evt = IcalJs.Parse(text).Only();

        Assert.Equal("Film night alert(1)", evt.Summary);
        Assert.Equal("Hall", evt.Location?.Trim());
        Assert.DoesNotContain("<", evt.Description?.Replace("3 < 4", "", StringComparison.Ordinal) ?? "", StringComparison.Ordinal);
        Assert.Contains("3 < 4 and 5 > 2", evt.Description, StringComparison.Ordinal);
        Assert.Contains("link", evt.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", "2027-03-13T19:00", "2027-03-14T00:00", true)] // EST, the evening before spring forward
    [InlineData("America/New_York", "2027-03-14T19:00", "2027-03-14T23:00", true)] // EDT, the evening after
    [InlineData("America/New_York", "2027-11-06T19:00", "2027-11-06T23:00", true)] // EDT, the evening before fall back
    [InlineData("America/New_York", "2027-11-07T19:00", "2027-11-08T00:00", true)] // EST, the evening after
    [InlineData("America/New_York", "2027-11-06T23:30", "2027-11-07T03:30", true)] // runs through the change (ends 02:30 EST)
    [InlineData("Europe/London", "2027-03-27T20:00", "2027-03-27T20:00", true)] // GMT
    [InlineData("Europe/London", "2027-03-28T20:00", "2027-03-28T19:00", true)] // BST
    [InlineData("Europe/London", "2027-10-31T20:00", "2027-10-31T20:00", true)] // GMT again
    [InlineData("Australia/Sydney", "2027-04-03T19:00", "2027-04-03T08:00", true)] // AEDT (+11)
    [InlineData("Australia/Sydney", "2027-04-04T19:00", "2027-04-04T09:00", true)] // AEST (+10)
    [InlineData("Australia/Sydney", "2027-10-03T19:00", "2027-10-03T08:00", true)] // AEDT again
    [InlineData("Asia/Kolkata", "2027-03-14T19:00", "2027-03-14T13:30", false)] // +05:30, no DST
    [InlineData("Australia/Lord_Howe", "2027-04-03T19:00", "2027-04-03T08:00", true)] // +11 in summer
    [InlineData("Australia/Lord_Howe", "2027-04-04T19:00", "2027-04-04T08:30", true)] // +10:30: a half-hour change
    [InlineData("UTC", "2027-06-01T12:00", "2027-06-01T12:00", false)]
    public void Times_are_the_same_instants_for_an_independent_parser(string zone, string local, string utc, bool hasDaylight)
    {
        var start = DateTime.SpecifyKind(DateTime.Parse(utc, CultureInfo.InvariantCulture), DateTimeKind.Utc);
        // The expectation is also checked against the system's own zone data, not only NodaTime's.
        Assert.Equal(start, TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(local, CultureInfo.InvariantCulture), TimeZoneInfo.FindSystemTimeZoneById(zone)));
        var entry = new IcsEvent("uid-1@example.org", 2, start, start.AddHours(4), zone, "Screening");

        var parsed = IcalJs.Parse(_writer.Write([entry], IcsMethod.None, new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc)));

        var evt = parsed.Only();
        Assert.Equal(start, evt.StartUtc);
        Assert.Equal(start.AddHours(4), evt.EndUtc);
        if (zone == "UTC")
        {
            // UTC needs no VTIMEZONE: the times are written with Z.
            Assert.Null(evt.Tzid);
            Assert.Empty(parsed.Timezones);
            return;
        }

        Assert.Equal(zone, evt.Tzid);
        var vtz = Assert.Single(parsed.Timezones);
        Assert.True(vtz.Standard > 0, "A STANDARD observance");
        Assert.Equal(hasDaylight, vtz.Daylight > 0);
    }

    [Fact]
    public void Commas_semicolons_backslashes_new_lines_and_long_text_are_escaped_and_folded_at_75_octets()
    {
        var title = "Film, talk; and \\ questions\nsecond line — ünïcödé 🎬 " + string.Concat(Enumerable.Repeat("éü漢字🎥 ", 40));
        var place = "Hall \"B\", 3rd floor; back door\\side";
        var entry = new IcsEvent("uid-2@example.org", 0, new DateTime(2027, 1, 1, 18, 0, 0, DateTimeKind.Utc), new DateTime(2027, 1, 1, 20, 0, 0, DateTimeKind.Utc), "Europe/London", title)
        {
            Location = place,
            Description = new string('x', 3000) + "\r\nend",
            Organizer = new IcsPerson("host@example.org", "Ana \"The Host\"; Jr, PhD"),
            Attendee = new IcsPerson("bea@example.org", "Bea: B"),
        };

        var text = _writer.Write([entry], IcsMethod.Request, DateTime.UtcNow);

        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var line in text.Split("\r\n"))
        {
            var bytes = Encoding.UTF8.GetBytes(line);
            Assert.True(bytes.Length <= 75, $"{bytes.Length} octets: {line}");
            // Each physical line decodes on its own: no character was split by the folding.
            Assert.Equal(line, strict.GetString(bytes));
        }

        var evt = IcalJs.Parse(text).Only();
        Assert.Equal(title, evt.Summary);
        Assert.Equal(place, evt.Location);
        Assert.Equal(new string('x', 3000) + "\nend", evt.Description!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("Ana The Host; Jr, PhD", evt.Organizer!.Cn);
        Assert.Equal("Bea: B", evt.Attendee!.Cn);
    }
}
