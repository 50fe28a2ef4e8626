using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Tickets;

namespace Campaign.Web.Tests;

/// <summary>
/// Issue 14: after the RSVP a guest always knows where they stand, tickets are one tap away, destructive steps ask
/// first, and nothing private leaks (another address's answer, the street address to Google, a void ticket's QR).
/// </summary>
public sealed partial class GuestPathTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, string Slug)> HostAsync(int capacity = 30, Action<Dictionary<string, string>>? change = null)
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var fields = Flows.ScreeningFields(capacity: capacity);
        change?.Invoke(fields);
        return (host, await Flows.CreateScreeningAsync(host, fields));
    }

    private async Task<string> InviteAsync(WebSession host, string slug, string email)
    {
        var sent = await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", email), ("Message", ""));
        Assert.True(sent.Status.IsRedirect() || sent.Status == HttpStatusCode.OK, sent.Text);
        var key = EmailKey.Of(email);
        return _app.WithDb(db => db.Invitations.Single(i => i.EmailKey == key).Token);
    }

    /// <summary>Answers on the invitation's page (as the invitee's browser would: the token rides in a hidden field).</summary>
    private static async Task<WebSession.Page> AnswerOnInvitationAsync(WebSession visitor, string slug, string token, string name, string email, int party = 1, params string[] guests)
    {
        var fields = RsvpFlows.Fields(name, email, party, attending: true, consent: true, guests);
        fields.Add(new("InviteToken", token));
        return await visitor.SubmitAsync($"/s/{slug}?invite={token}", $"/s/{slug}/rsvp", fields);
    }

    private string ManagePath(string email) => new Uri(_app.LinkInMail(email, "/rsvp/")).AbsolutePath;

    private static string Normalised(string html) => AntiforgeryValue().Replace(html, "value=\"\"");

    // ---- Item 2: after the RSVP ----

    [Fact]
    public async Task An_invitation_answered_with_its_own_address_shows_you_are_going_with_tickets_and_calendar_at_once()
    {
        var (host, slug) = await HostAsync();
        var token = await InviteAsync(host, slug, "ana@example.org");

        var visitor = new WebSession(_app);
        var answered = await AnswerOnInvitationAsync(visitor, slug, token, "Ana", "ANA@example.org", 2, "Bo");
        Assert.Equal(HttpStatusCode.Redirect, answered.Status);
        Assert.StartsWith("/rsvp/", answered.Location, StringComparison.Ordinal);

        var page = await visitor.FollowAsync(answered);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<h1>You're going</h1>", page.Html.Replace("&#x27;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("This page is your RSVP", page.Text, StringComparison.Ordinal);
        var codes = _app.WithDb(db => db.Tickets.OrderBy(t => t.Number).Select(t => t.Code).ToList());
        Assert.Equal(2, codes.Count);
        foreach (var code in codes)
        {
            Assert.Contains($"href=\"/t/{code}\"", page.Html, StringComparison.Ordinal);
        }

        Assert.Contains("Ticket: Bo", page.Text, StringComparison.Ordinal);
        Assert.Contains("tickets.pdf", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"add-to-calendar\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("Step-free access.", page.Text, StringComparison.Ordinal);
        // The mail goes out as well, with the same tickets.
        var confirmed = Assert.Single(_app.MailsTo("ana@example.org"), m => (m.Subject ?? "").StartsWith("You're confirmed", StringComparison.Ordinal));
        Assert.Equal(codes, TicketTests.CodesIn(confirmed));
    }

    [Fact]
    public async Task An_invitation_answered_with_another_address_that_had_already_answered_looks_exactly_like_a_fresh_address()
    {
        var (host, slug) = await HostAsync();
        var token = await InviteAsync(host, slug, "ana@example.org");
        // Cy answered earlier through the share link.
        await RsvpFlows.AnswerAsync(_app, slug, "Cy", "cy@example.org");

        var known = await AnswerOnInvitationAsync(new WebSession(_app), slug, token, "Someone", "cy@example.org");
        var fresh = await AnswerOnInvitationAsync(new WebSession(_app), slug, token, "Someone", "new@example.org");

        Assert.Equal(fresh.Status, known.Status);
        Assert.Equal(fresh.Location, known.Location);
        Assert.Equal($"/s/{slug}/rsvp/check-email", known.Location);
        var knownPage = await new WebSession(_app).GetAsync(known.Location!);
        var freshPage = await new WebSession(_app).GetAsync(fresh.Location!);
        Assert.Equal(Normalised(freshPage.Html), Normalised(knownPage.Html));
        Assert.DoesNotContain("You're going", WebUtility.HtmlDecode(knownPage.Html), StringComparison.Ordinal);
        Assert.DoesNotContain("Cy", knownPage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("/rsvp/", knownPage.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_share_link_answer_the_page_says_what_happens_next_and_offers_only_the_public_calendar_entry()
    {
        var (_, slug) = await HostAsync();
        var visitor = new WebSession(_app);
        var page = await visitor.FollowAsync(await visitor.SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp", RsvpFlows.Fields("Ana", "ana@example.org")));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("What happens next", page.Text, StringComparison.Ordinal);
        Assert.Contains("Within a few minutes", page.Text, StringComparison.Ordinal);
        Assert.Contains("send the form again with the same address", page.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"/s/{slug}/calendar.ics\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Street", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Riverside Library", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/rsvp/", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waitlisted_guest_sees_their_number_and_no_calendar_entry_and_their_ics_is_not_a_confirmed_event()
    {
        var (host, slug) = await HostAsync(capacity: 1);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await RsvpFlows.AnswerAsync(_app, slug, "Bo", "bo@example.org");
        var token = await InviteAsync(host, slug, "cy@example.org");
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        var visitor = new WebSession(_app);
        var page = await visitor.FollowAsync(await AnswerOnInvitationAsync(visitor, slug, token, "Cy", "cy@example.org"));

        Assert.Contains("You're on the waitlist, number 2", WebUtility.HtmlDecode(page.Html), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"add-to-calendar\"", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("calendar.google.com", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/t/", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Street", page.Html, StringComparison.Ordinal);

        var manageToken = page.Html[(page.Html.IndexOf("/rsvp/", StringComparison.Ordinal) + 6)..].Split('/', '"')[0];
        var ics = IcalJs.Parse(await _app.CreateClient().GetStringAsync($"/rsvp/{manageToken}/calendar.ics")).Only();
        Assert.Equal("TENTATIVE", ics.Status);
        Assert.DoesNotContain("Secret Street", ics.Location ?? "", StringComparison.Ordinal);
        Assert.Equal("Albany, NY, United States", ics.Location);
    }

    // ---- Item 3: tickets one tap away ----

    [Fact]
    public async Task Cancelling_asks_first_then_re_confirming_brings_back_the_same_tickets_whose_first_mail_qr_codes_admit_again()
    {
        var (_, slug) = await HostAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var first = TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org")));
        var manage = ManagePath("ana@example.org");
        var session = new WebSession(_app);

        // The manage page links the cancel step; it does not cancel by itself.
        var page = await session.GetAsync(manage);
        Assert.Contains($"href=\"{manage}/cancel\"", page.Html, StringComparison.Ordinal);
        var confirm = await session.GetAsync(manage + "/cancel");
        Assert.Equal(HttpStatusCode.OK, confirm.Status);
        Assert.Contains("Cancel your RSVP?", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("2 seats go to the next people on the waitlist", confirm.Text, StringComparison.Ordinal);
        Assert.Contains($"action=\"{manage}/cancel\"", confirm.Html, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single().Status));

        var cancelled = await session.FollowAsync(await session.PostAsync(manage + "/cancel", [], confirm.AntiforgeryToken));
        Assert.Contains("Your RSVP is cancelled", cancelled.Text, StringComparison.Ordinal);
        Assert.Contains("Coming after all?", cancelled.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"add-to-calendar\"", cancelled.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Street", cancelled.Html, StringComparison.Ordinal);
        foreach (var code in first)
        {
            Assert.Contains("This ticket is cancelled", (await session.GetAsync("/t/" + code)).Text, StringComparison.Ordinal);
        }

        var cancelIcs = IcalJs.Parse(await _app.CreateClient().GetStringAsync(manage + "/calendar.ics")).Only();
        Assert.Equal("CANCELLED", cancelIcs.Status);
        Assert.DoesNotContain("Secret Street", cancelIcs.Location ?? "", StringComparison.Ordinal);

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        var back = await session.FollowAsync(await session.PostAsync(manage + "/reconfirm", [new("PartySize", "2"), new("GuestNames[0]", "Bo")], cancelled.AntiforgeryToken));
        Assert.Contains("You're going", WebUtility.HtmlDecode(back.Html), StringComparison.Ordinal);
        var again = TicketTests.CodesIn(_app.MailsTo("ana@example.org")[^1]);
        Assert.Equal(first, again);
        foreach (var code in first)
        {
            var ticket = await session.GetAsync("/t/" + code);
            Assert.DoesNotContain("cancelled", ticket.Text, StringComparison.Ordinal);
            Assert.Contains($"/t/{code}/qr.svg", ticket.Html, StringComparison.Ordinal);
        }

        // The same rows came back: no new ticket was issued.
        Assert.Equal(2, _app.WithDb(db => db.Tickets.Count()));
        Assert.All(_app.WithDb(db => db.Tickets.Select(t => t.Status).ToList()), s => Assert.Equal(TicketStatus.Valid, s));
    }

    [Fact]
    public async Task A_cancelled_ticket_page_says_so_first_and_shows_no_address_no_online_link_and_no_qr_or_download()
    {
        var (_, slug) = await HostAsync(change: f =>
        {
            f["IsOnline"] = "true";
            f["OnlineUrl"] = "https://meet.example.org/private-room";
        });
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var codes = TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org")));
        var session = new WebSession(_app);
        var valid = await session.GetAsync("/t/" + codes[1]);
        Assert.Contains("private-room", valid.Html, StringComparison.Ordinal);
        Assert.Contains("ticket.pdf", valid.Html, StringComparison.Ordinal);

        await RsvpFlows.ManageAsync(_app, ManagePath("ana@example.org"), "cancel");
        var page = await session.GetAsync("/t/" + codes[1]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var notice = page.Html.IndexOf("This ticket is cancelled", StringComparison.Ordinal);
        Assert.True(notice >= 0 && notice < page.Html.IndexOf("<h1>", StringComparison.Ordinal), "The cancellation is said before anything else.");
        Assert.DoesNotContain("private-room", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("qr.svg", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("qr.png", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("ticket.pdf", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("add-to-calendar", page.Html, StringComparison.Ordinal);

        var client = _app.CreateClient();
        foreach (var path in new[] { "qr.svg", "qr.png", "ticket.pdf" })
        {
            Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/t/{codes[1]}/{path}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{codes[1][..80]}{(codes[1][80] == 'A' ? 'B' : 'A')}{codes[1][81..]}/ticket.pdf")).StatusCode);
    }

    [Fact]
    public async Task A_ticket_of_a_cancelled_screening_says_so_and_shows_no_street_address()
    {
        var (host, slug) = await HostAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Assert.Single(TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org"))));
        await host.SubmitAsync($"/s/{slug}/cancel", $"/s/{slug}/cancel", ("Reason", "Venue flooded."));

        var page = await new WebSession(_app).GetAsync("/t/" + code);
        Assert.Contains("This screening was cancelled", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Street", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("qr.svg", page.Html, StringComparison.Ordinal);
        var manage = await new WebSession(_app).GetAsync(ManagePath("ana@example.org"));
        Assert.Contains("This screening was cancelled", manage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret Street", manage.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("/t/", manage.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Google_and_outlook_links_carry_only_the_public_place_and_the_full_address_is_only_in_the_guests_ics()
    {
        var (_, slug) = await HostAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Assert.Single(TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org"))));
        var manage = ManagePath("ana@example.org");
        var session = new WebSession(_app);
        foreach (var path in new[] { manage, "/t/" + code, "/s/" + slug })
        {
            var page = await session.GetAsync(path);
            var links = CalendarLink().Matches(page.Html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            Assert.Equal(2, links.Count);
            foreach (var link in links)
            {
                var query = Uri.UnescapeDataString(new Uri(link).Query);
                Assert.Contains("location=Albany, NY, United States", query, StringComparison.Ordinal);
                Assert.DoesNotContain("Secret Street", query, StringComparison.Ordinal);
                Assert.DoesNotContain("Riverside", query, StringComparison.Ordinal);
            }
        }

        var ics = IcalJs.Parse(await _app.CreateClient().GetStringAsync(manage + "/calendar.ics")).Only();
        Assert.Equal("CONFIRMED", ics.Status);
        Assert.Equal("Riverside Library, 12 Secret Street, Albany, NY 12207, United States", ics.Location);
    }

    [Fact]
    public async Task The_pdf_has_one_page_per_person_with_a_qr_code_zbar_reads_and_the_short_code_and_no_secret_in_its_metadata()
    {
        var (_, slug) = await HostAsync(change: f => f["Title"] = "Film (night) \\ «talk»");
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo", "Zoë");
        var codes = TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org")));
        var manage = ManagePath("ana@example.org");

        using var response = await _app.CreateClient().GetAsync(manage + "/tickets.pdf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("tickets.pdf", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-1.4", System.Text.Encoding.ASCII.GetString(pdf, 0, 8), StringComparison.Ordinal);

        var pages = PdfTools.PagesText(pdf);
        Assert.Equal(3, pages.Count);
        Assert.Contains("Ana", pages[0], StringComparison.Ordinal);
        Assert.Contains("Bo", pages[1], StringComparison.Ordinal);
        Assert.Contains("Zoë", pages[2], StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("Film (night) \\ «talk»", pages[i], StringComparison.Ordinal);
            Assert.Contains("12 Secret Street", pages[i], StringComparison.Ordinal);
            Assert.Contains("Albany, NY 12207", pages[i], StringComparison.Ordinal);
            Assert.Contains(Campaign.Infrastructure.Tickets.TicketCode.ShortForm(codes[i]), pages[i], StringComparison.Ordinal);
            Assert.DoesNotContain(codes[i], pages[i], StringComparison.Ordinal);
        }

        Assert.Equal(codes, PdfTools.QrCodes(pdf));
        var info = PdfTools.Info(pdf);
        Assert.Matches(@"Pages:\s+3\n", info);
        Assert.True(Regex.IsMatch(info, @"PDF version:\s+1\.4"), info);
        foreach (var code in codes)
        {
            Assert.DoesNotContain(code[..20], info, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("ana@example.org", System.Text.Encoding.Latin1.GetString(pdf), StringComparison.Ordinal);

        // One ticket's own PDF: that ticket only.
        using var one = await _app.CreateClient().GetAsync($"/t/{codes[1]}/ticket.pdf");
        Assert.Equal("ticket.pdf", one.Content.Headers.ContentDisposition?.FileName);
        var single = await one.Content.ReadAsByteArrayAsync();
        Assert.Equal([codes[1]], PdfTools.QrCodes(single));
        Assert.DoesNotContain("Ana", Assert.Single(PdfTools.PagesText(single)).Replace("Guest", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pdf_of_an_rsvp_without_seats_is_gone_and_an_unknown_token_is_not_found()
    {
        var (_, slug) = await HostAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 1, attending: false);
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync(ManagePath("ana@example.org") + "/tickets.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/rsvp/AAAAAAAAAAAAAAAAAAAAAAAA/tickets.pdf")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/rsvp/%3Cscript%3E/tickets.pdf")).StatusCode);
    }

    // ---- Item 4: destructive actions ask first ----

    [Fact]
    public async Task Cancelling_a_screening_says_who_is_mailed_first_and_tells_the_host_how_many_were()
    {
        var (host, slug) = await HostAsync(capacity: 3);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo", "Cy");
        await RsvpFlows.AnswerAsync(_app, slug, "Dee", "dee@example.org");

        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        Assert.Contains("3 confirmed guests (1 RSVPs) are mailed", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("1 party on the waitlist is mailed too", confirm.Text, StringComparison.Ordinal);
        Assert.Contains("This cannot be undone", confirm.Text, StringComparison.Ordinal);
        Assert.Contains($"action=\"/s/{slug}/cancel\"", confirm.Html, StringComparison.Ordinal);

        var done = await host.FollowAsync(await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "Venue flooded.")], confirm.AntiforgeryToken));
        Assert.Contains("The screening is cancelled. 2 people were mailed.", done.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_a_door_link_and_removing_a_co_host_ask_first_in_words_and_post_a_form()
    {
        var (host, slug) = await HostAsync();
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", "Side door"));
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "co@example.org"));
        var door = _app.WithDb(db => db.DoorLinks.Single());
        var coHost = _app.WithDb(db => db.CoHosts.Single());

        var team = await host.GetAsync($"/s/{slug}/team");
        Assert.Contains($"href=\"/s/{slug}/team/doors/{door.Id}/revoke\"", team.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/s/{slug}/team/cohosts/{coHost.Id}/remove\"", team.Html, StringComparison.Ordinal);

        var revoke = await host.GetAsync($"/s/{slug}/team/doors/{door.Id}/revoke");
        Assert.Contains("Revoke the door link “Side door”?", WebUtility.HtmlDecode(revoke.Html), StringComparison.Ordinal);
        Assert.Contains("can no longer open the scanner", revoke.Text, StringComparison.Ordinal);
        Assert.Null(_app.WithDb(db => db.DoorLinks.Single().RevokedAtUtc));
        var revoked = await host.FollowAsync(await host.PostAsync($"/s/{slug}/team/doors/{door.Id}/revoke", [], revoke.AntiforgeryToken));
        Assert.Contains("Door link revoked", revoked.Text, StringComparison.Ordinal);

        var remove = await host.GetAsync($"/s/{slug}/team/cohosts/{coHost.Id}/remove");
        Assert.Contains("Remove co@example.org as co-host?", remove.Text, StringComparison.Ordinal);
        Assert.Contains("can no longer see the guest list", remove.Text, StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.CoHosts.Count()));
        await host.PostAsync($"/s/{slug}/team/cohosts/{coHost.Id}/remove", [], remove.AntiforgeryToken);
        Assert.Equal(0, _app.WithDb(db => db.CoHosts.Count()));

        // Someone else's confirm step opens nothing.
        var other = await Flows.RegisterAsync(_app, "other@example.org");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/team/doors/{door.Id}/revoke")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/s/{slug}/team/cohosts/{Guid.NewGuid()}/remove")).Status);
    }

    // ---- Item 5: addresses and times ----

    [Theory]
    [InlineData("US", "Evanston", "IL", "60201", "Evanston, IL 60201")]
    [InlineData("GB", "London", "", "SW1A 1AA", "London|SW1A 1AA")]
    [InlineData("DE", "Berlin", "", "10115", "10115 Berlin")]
    public async Task Addresses_are_written_in_the_countrys_order_on_the_ticket_the_manage_page_the_mail_and_the_ics(string country, string city, string region, string postal, string expected)
    {
        var (_, slug) = await HostAsync(change: f =>
        {
            f["CountryCode"] = country;
            f["City"] = city;
            f["Region"] = region;
            f["PostalCode"] = postal;
            f["StreetAddress"] = "1 Main Street";
        });
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var mail = Assert.Single(_app.MailsTo("ana@example.org"));
        var code = Assert.Single(TicketTests.CodesIn(mail));
        var lines = expected.Split('|');
        var oneLine = string.Join(", ", lines);

        Assert.Contains("1 Main Street\n" + string.Join("\n", lines), (mail.TextBody ?? "").ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var ticket = await new WebSession(_app).GetAsync("/t/" + code);
        AssertLinesInOrder(ticket.Html, ["Riverside Library", "1 Main Street", .. lines]);
        var manage = await new WebSession(_app).GetAsync(ManagePath("ana@example.org"));
        AssertLinesInOrder(manage.Html, ["Riverside Library", "1 Main Street", .. lines]);
        var ics = IcalJs.Parse(await _app.CreateClient().GetStringAsync(ManagePath("ana@example.org") + "/calendar.ics")).Only();
        Assert.Contains("1 Main Street, " + oneLine + ", ", ics.Location, StringComparison.Ordinal);
        if (country == "US")
        {
            Assert.DoesNotContain("60201 Evanston", ics.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_online_screening_offers_the_viewers_own_time_beside_the_hosts_and_in_person_ones_do_not()
    {
        var (host, slug) = await HostAsync(change: f =>
        {
            f["IsOnline"] = "true";
            f["OnlineUrl"] = "https://meet.example.org/private-room";
        });
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var start = _app.WithDb(db => db.Screenings.Single().StartUtc);
        var iso = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var code = Assert.Single(TicketTests.CodesIn(Assert.Single(_app.MailsTo("ana@example.org"))));
        foreach (var path in new[] { "/s/" + slug, ManagePath("ana@example.org"), "/t/" + code })
        {
            var page = await new WebSession(_app).GetAsync(path);
            Assert.Contains("data-local-time", page.Html, StringComparison.Ordinal);
            Assert.Contains($"<time datetime=\"{iso}\">", page.Html, StringComparison.Ordinal);
            Assert.Contains("/js/local-time.js", page.Html, StringComparison.Ordinal);
            Assert.Contains("EDT", page.Text, StringComparison.Ordinal);
        }

        var inPerson = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "In person"));
        Assert.DoesNotContain("data-local-time", (await new WebSession(_app).GetAsync("/s/" + inPerson)).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_an_edit_the_host_is_told_how_many_guests_were_mailed_and_that_the_listing_is_back_in_review()
    {
        var (host, slug) = await HostAsync(change: f => f["Visibility"] = "Public");
        var staff = await Flows.StaffAsync(_app);
        await staff.SubmitAsync("/staff", $"/staff/screenings/{slug}/approve");
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        await RsvpFlows.AnswerAsync(_app, slug, "Bo", "bo@example.org", 2, true, "Cy");

        var fields = Flows.ScreeningFields(visibility: "Public", startLocal: new DateTime(DateTime.UtcNow.Year + 1, 3, 14, 20, 0, 0));
        var edit = await host.GetAsync($"/s/{slug}/edit");
        fields["Version"] = VersionField().Match(edit.Html).Groups[1].Value;
        var saved = await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);
        Assert.True(saved.Status.IsRedirect(), saved.Text);
        var page = await host.FollowAsync(saved);
        var notice = NoticePattern().Match(page.Html).Groups[1].Value;
        Assert.Contains("2 guests were mailed the new time.", notice, StringComparison.Ordinal);
        Assert.Contains("The listing is back in review", notice, StringComparison.Ordinal);
        Assert.Equal(2, _app.Mails().Count(m => (m.Subject ?? "").StartsWith("New time", StringComparison.Ordinal)));

        // A change guests need not hear about mails nobody and says nothing of mail.
        fields["Description"] = "Film, then a conversation.";
        edit = await host.GetAsync($"/s/{slug}/edit");
        fields["Version"] = VersionField().Match(edit.Html).Groups[1].Value;
        var quiet = await host.FollowAsync(await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken));
        Assert.DoesNotContain("mailed", NoticePattern().Match(quiet.Html).Groups[1].Value, StringComparison.Ordinal);
    }

    /// <summary>Each line appears whole (its own line of text) and after the one before.</summary>
    private static void AssertLinesInOrder(string html, IReadOnlyList<string> lines)
    {
        var text = WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(html, "<br\\s*/?>|</?(p|dd|dt|span)[^>]*>", "\n"), "<[^>]+>", " "));
        var rows = text.Split('\n').Select(r => Regex.Replace(r, "\\s+", " ").Trim()).Where(r => r.Length > 0).ToList();
        var at = rows.IndexOf(lines[0]);
        Assert.True(at >= 0, $"\"{lines[0]}\" is not a line of the page.");
        for (var i = 1; i < lines.Count; i++)
        {
            Assert.True(at + i < rows.Count && rows[at + i] == lines[i], $"Expected \"{lines[i]}\" after \"{lines[i - 1]}\", found \"{(at + i < rows.Count ? rows[at + i] : "")}\".");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"|value=\"CfDJ8[^\"]*\"")]
    private static partial Regex AntiforgeryValue();

    [GeneratedRegex("href=\"(https://(?:calendar\\.google\\.com|outlook\\.live\\.com)[^\"]+)\"")]
    private static partial Regex CalendarLink();

    [GeneratedRegex("<p class=\"notice\" role=\"status\">([^<]*)</p>")]
    private static partial Regex NoticePattern();

    [GeneratedRegex("name=\"Version\"[^>]*value=\"(\\d+)\"|value=\"(\\d+)\"[^>]*name=\"Version\"")]
    private static partial Regex VersionField();
}
