using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>The host's own screening page is a dashboard: counts, RSVPs by day, next step, guest tabs and per-guest actions.</summary>
public sealed partial class DashboardTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static string Count(WebSession.Page page, string id) =>
        Regex.Match(page.Html, $"<dd id=\"count-{id}\">([^<]*)</dd>").Groups[1].Value;

    private async Task<(WebSession Host, string Slug)> HostWithScreeningAsync(int capacity = 30, CampaignFactory? app = null)
    {
        var host = await Flows.RegisterAsync(app ?? _app, "ana@example.org");
        return (host, await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: capacity)));
    }

    private async Task<string> InviteAsync(WebSession host, string slug, string address)
    {
        var sent = await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", address), ("Message", "Come along"));
        Assert.Equal(HttpStatusCode.SeeOther, sent.Status); // post/redirect/get
        Assert.NotEmpty(_app.MailsTo(address));
        return _app.WithDb(db => db.Invitations.Single(i => i.Email == address).Token);
    }

    [Fact]
    public async Task The_host_sees_a_dashboard_with_counts_instead_of_the_rsvp_form()
    {
        var (host, slug) = await HostWithScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bea Booker", "bea@example.org", 2, true, "Carl Plusone");
        await RsvpFlows.AnswerAsync(_app, slug, "Dan Single", "dan@example.org");
        await RsvpFlows.AnswerAsync(_app, slug, "Gus No", "gus@example.org", attending: false);
        GuestData.Rsvp(_app, slug, "Eve Waiting", "eve@example.org", party: 3, status: RsvpStatus.Waitlisted);
        var ivy = await InviteAsync(host, slug, "ivy@example.org");
        await InviteAsync(host, slug, "jon@example.org");
        GuestData.Invitation(_app, slug, "kim@example.org", InvitationState.Accepted);
        await new WebSession(_app).GetAsync("/i/" + ivy);
        var code = _app.WithDb(db => db.Tickets.First(t => t.BookerName == "Bea Booker" && t.Number == 1).Code);
        var (scanned, _) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });
        Assert.Equal(HttpStatusCode.OK, scanned);

        var page = await host.GetAsync("/s/" + slug);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("3", Count(page, "going"));
        Assert.Equal("3", Count(page, "waitlist"));
        Assert.Equal("1", Count(page, "checked-in"));
        Assert.Equal("3", Count(page, "invited"));
        Assert.Equal("1", Count(page, "opened"));
        Assert.Equal("1", Count(page, "answered"));
        Assert.Contains("27 of 30 seats left", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Send my answer", page.Text, StringComparison.Ordinal);
        Assert.Contains($"href=\"/s/{slug}?view=guest\"", page.Html, StringComparison.Ordinal);
        Assert.Contains("no-store", page.Headers["Cache-Control"], StringComparison.Ordinal);
        // The chart's data is an accessible table (the page without JavaScript shows it): one row per day with answers.
        var table = Regex.Match(page.Html, "<table id=\"rsvp-table\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<caption>", table, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(table, "<tr data-x="));
        Assert.Contains("data-answers=\"4\" data-going=\"3\"", table, StringComparison.Ordinal);
        Assert.Contains("/lib/uplot/uPlot.iife.min.js", page.Html, StringComparison.Ordinal);

        var asGuest = await host.GetAsync($"/s/{slug}?view=guest");
        Assert.Contains("Send my answer", asGuest.Text, StringComparison.Ordinal);
        Assert.Contains("Back to the dashboard", asGuest.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("bea@example.org", asGuest.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_a_GET_of_the_personal_link_counts_as_opened_never_the_mails_other_links_images_heads_or_prefetches()
    {
        var (host, slug) = await HostWithScreeningAsync();
        var token = await InviteAsync(host, slug, "ivy@example.org");
        var mail = _app.MailsTo("ivy@example.org")[^1];
        var fetched = 0;
        var visitor = new WebSession(_app);
        foreach (Match link in Regex.Matches((mail.TextBody ?? "") + (mail.HtmlBody ?? ""), "(?:https://localhost|src=\"|href=\")([^\"\\s<>]+)"))
        {
            var url = WebUtility.HtmlDecode(link.Groups[1].Value);
            var path = url.StartsWith("https://localhost", StringComparison.Ordinal) ? url["https://localhost".Length..] : url;
            if (!path.StartsWith('/') || path.StartsWith("/i/" + token, StringComparison.Ordinal) && !path.Contains("/report", StringComparison.Ordinal))
            {
                continue;
            }

            await visitor.GetAsync(path);
            fetched++;
        }

        Assert.True(fetched >= 2, "The mail holds other links (report, unsubscribe) and they were fetched.");
        await visitor.SendAsync(HttpMethod.Head, "/i/" + token);
        await visitor.SendAsync(HttpMethod.Get, "/i/" + token, ("Sec-Purpose", "prefetch"));
        await visitor.SendAsync(HttpMethod.Get, "/i/" + token, ("Purpose", "prefetch"));
        await visitor.GetAsync($"/s/{slug}?invite={token}");
        Assert.Null(_app.WithDb(db => db.Invitations.Single().OpenedAtUtc));
        Assert.Equal("0", Count(await host.GetAsync("/s/" + slug), "opened"));

        var opened = await visitor.GetAsync("/i/" + token);
        Assert.True(opened.Status.IsRedirect());
        var first = _app.WithDb(db => db.Invitations.Single().OpenedAtUtc);
        Assert.Equal(_app.Clock.GetUtcNow().UtcDateTime, first);
        _app.Clock.Advance(TimeSpan.FromHours(1));
        await new WebSession(_app).GetAsync("/i/" + token);
        Assert.Equal(first, _app.WithDb(db => db.Invitations.Single().OpenedAtUtc));
        var page = await host.GetAsync($"/s/{slug}?tab=invited");
        Assert.Equal("1", Count(page, "opened"));
        Assert.Contains("ivy@example.org", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_guest_list_tabs_are_links_that_work_without_javascript()
    {
        var (host, slug) = await HostWithScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea Booker", "bea@example.org", party: 2);
        GuestData.Rsvp(_app, slug, "Eve Waiting", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Invitation(_app, slug, "ivy@example.org");

        var going = await host.GetAsync("/s/" + slug);
        Assert.Contains("Bea Booker", going.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Eve Waiting", going.Text, StringComparison.Ordinal);
        Assert.Matches("id=\"tab-going\" aria-current=\"page\"", going.Html);
        foreach (var tab in new[] { "going", "waitlist", "invited", "checked-in" })
        {
            Assert.Contains($"href=\"/s/{slug}?tab={tab}#guests\"", going.Html, StringComparison.Ordinal);
        }

        var waitlist = await host.GetAsync($"/s/{slug}?tab=waitlist");
        Assert.Contains("Eve Waiting", waitlist.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bea Booker", waitlist.Text, StringComparison.Ordinal);
        Assert.Matches("id=\"tab-waitlist\" aria-current=\"page\"", waitlist.Html);
        Assert.Contains("move-up", waitlist.Html, StringComparison.Ordinal);

        Assert.Contains("ivy@example.org", (await host.GetAsync($"/s/{slug}?tab=invited")).Text, StringComparison.Ordinal);
        Assert.Contains("No one is checked in yet.", (await host.GetAsync($"/s/{slug}?tab=checked-in")).Text, StringComparison.Ordinal);
        var nonsense = await host.GetAsync($"/s/{slug}?tab=%3Cscript%3E");
        Assert.Equal(HttpStatusCode.OK, nonsense.Status);
        Assert.Contains("Bea Booker", nonsense.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_next_step_follows_the_screening()
    {
        var (host, slug) = await HostWithScreeningAsync();
        var empty = await host.GetAsync("/s/" + slug);
        var next = Regex.Match(empty.Html, "<section id=\"next-step\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.Contains("Invite friends", next, StringComparison.Ordinal);
        Assert.Contains("Set up the door", next, StringComparison.Ordinal);

        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", "Front door"));
        await RsvpFlows.AnswerAsync(_app, slug, "Dan Single", "dan@example.org");
        var later = Regex.Match((await host.GetAsync("/s/" + slug)).Html, "<section id=\"next-step\">.*?</section>", RegexOptions.Singleline).Value;
        Assert.DoesNotContain("Set up the door", later, StringComparison.Ordinal);
        Assert.DoesNotContain("No one knows yet", later, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resend_tickets_queues_the_same_tickets_to_the_guest_again()
    {
        var (host, slug) = await HostWithScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bea Booker", "bea@example.org", 2, true, "Carl Plusone");
        var before = _app.MailsTo("bea@example.org").Count;
        var codes = _app.WithDb(db => db.Tickets.Where(t => t.Status == TicketStatus.Valid).Select(t => t.Code).ToList());
        var id = _app.WithDb(db => db.Rsvps.Single().Id);
        var page = await host.GetAsync("/s/" + slug);
        Assert.Contains($"action=\"/s/{slug}/guests/{id}/tickets\"", page.Html, StringComparison.Ordinal);

        var sent = await host.PostAsync($"/s/{slug}/guests/{id}/tickets", [], page.AntiforgeryToken);

        Assert.Equal($"/s/{slug}?tab=going#guests", sent.Location);
        var mails = _app.MailsTo("bea@example.org");
        Assert.Equal(before + 1, mails.Count);
        var resent = mails[^1];
        Assert.Contains("sent your tickets again", resent.TextBody, StringComparison.Ordinal);
        foreach (var code in codes)
        {
            Assert.Contains("/t/" + Uri.EscapeDataString(code), resent.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(codes.Count, _app.WithDb(db => db.Tickets.Count()));
        Assert.Contains("The tickets are sent to Bea Booker again.", (await host.FollowAsync(sent)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_a_guest_asks_first_then_frees_their_seats_for_the_waitlist_and_tells_them()
    {
        var (host, slug) = await HostWithScreeningAsync(capacity: 2);
        await RsvpFlows.AnswerAsync(_app, slug, "Bea Booker", "bea@example.org", 2, true, "Carl Plusone");
        await RsvpFlows.AnswerAsync(_app, slug, "Eve Waiting", "eve@example.org");
        var bea = _app.WithDb(db => db.Rsvps.Single(r => r.Name == "Bea Booker"));
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.Single(r => r.Name == "Eve Waiting").Status));

        var ask = await host.GetAsync($"/s/{slug}/guests/{bea.Id}/remove");
        Assert.Equal(HttpStatusCode.OK, ask.Status);
        Assert.Contains("Their 2 seats are freed", ask.Text, StringComparison.Ordinal);
        Assert.Contains("tickets stop working", ask.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single(r => r.Id == bea.Id).Status));

        var done = await host.PostAsync($"/s/{slug}/guests/{bea.Id}/remove", [], ask.AntiforgeryToken);

        Assert.True(done.Status.IsRedirect());
        _app.WithDb(db =>
        {
            var removed = db.Rsvps.AsNoTracking().Single(r => r.Id == bea.Id);
            Assert.Equal(RsvpStatus.Cancelled, removed.Status);
            Assert.NotNull(removed.RemovedByHostAtUtc);
            Assert.Equal(RsvpStatus.Confirmed, db.Rsvps.AsNoTracking().Single(r => r.Name == "Eve Waiting").Status);
            Assert.Equal(1, db.Screenings.Single().SeatsTaken);
            Assert.All(db.Tickets.Where(t => t.RsvpId == bea.Id), t => Assert.Equal(TicketStatus.Cancelled, t.Status));
            return 0;
        });
        Assert.Contains(_app.MailsTo("bea@example.org"), m => (m.TextBody ?? "").Contains("took your RSVP off the guest list", StringComparison.Ordinal) && m.BodyParts.Any(p => p.ContentType.MimeType == "text/calendar" && p.ContentType.Parameters["method"] == "CANCEL"));
        Assert.Contains(_app.MailsTo("eve@example.org"), m => (m.Subject ?? "").Contains("You're in", StringComparison.Ordinal));

        // The removed guest cannot put themselves back with their own link.
        var manage = $"/rsvp/{bea.ManageToken}";
        Assert.DoesNotContain("Yes, I'll come", (await new WebSession(_app).GetAsync(manage)).Text, StringComparison.Ordinal);
        var back = await RsvpFlows.ManageAsync(_app, manage, "reconfirm", ("PartySize", "1"));
        Assert.Contains("took this RSVP off the guest list", back.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Cancelled, _app.WithDb(db => db.Rsvps.Single(r => r.Id == bea.Id).Status));
    }

    [Fact]
    public async Task A_guest_already_checked_in_is_not_removed()
    {
        var (host, slug) = await HostWithScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "Bea Booker", "bea@example.org");
        var code = _app.WithDb(db => db.Tickets.Single().Code);
        await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });
        var id = _app.WithDb(db => db.Rsvps.Single().Id);

        var ask = await host.GetAsync($"/s/{slug}/guests/{id}/remove");
        Assert.Contains("already been checked in", ask.Text, StringComparison.Ordinal);
        var done = await host.FollowAsync(await host.PostAsync($"/s/{slug}/guests/{id}/remove", [], ask.AntiforgeryToken));

        Assert.Contains("already been checked in", done.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single().Status));
    }

    [Fact]
    public async Task Moving_up_takes_the_seats_or_is_refused_with_a_message_when_they_do_not_fit()
    {
        var (host, slug) = await HostWithScreeningAsync(capacity: 2);
        GuestData.Rsvp(_app, slug, "Bea Booker", "bea@example.org");
        var pair = GuestData.Rsvp(_app, slug, "Pat Pair", "pat@example.org", party: 2, status: RsvpStatus.Waitlisted);
        var solo = GuestData.Rsvp(_app, slug, "Sol Solo", "sol@example.org", status: RsvpStatus.Waitlisted);
        var page = await host.GetAsync($"/s/{slug}?tab=waitlist");

        var refused = await host.FollowAsync(await host.PostAsync($"/s/{slug}/guests/{pair.Id}/move-up", [], page.AntiforgeryToken));
        Assert.Contains("Only 1 seat(s) are free and Pat Pair's party needs 2", refused.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.Single(r => r.Id == pair.Id).Status));

        var moved = await host.FollowAsync(await host.PostAsync($"/s/{slug}/guests/{solo.Id}/move-up", [], page.AntiforgeryToken));
        Assert.Contains("Sol Solo is moved up", moved.Text, StringComparison.Ordinal);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single(r => r.Id == solo.Id).Status));
        Assert.Equal(2, _app.WithDb(db => db.Screenings.Single().SeatsTaken));
        Assert.Single(_app.WithDb(db => db.Tickets.Where(t => t.RsvpId == solo.Id).ToList()));
        Assert.Contains(_app.MailsTo("sol@example.org"), m => (m.Subject ?? "").Contains("You're in", StringComparison.Ordinal));

        var full = await host.FollowAsync(await host.PostAsync($"/s/{slug}/guests/{pair.Id}/move-up", [], page.AntiforgeryToken));
        Assert.Contains("The screening is full", full.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Many_parallel_move_ups_never_oversell(string database)
    {
        using var store = TestDatabase.Create(database);
        using var app = new CampaignFactory(settings: store.With());
        var (host, slug) = await HostWithScreeningAsync(capacity: 5, app);
        GuestData.Rsvp(app, slug, "Bea Booker", "bea@example.org", party: 3);
        var waiting = Enumerable.Range(1, 12)
            .Select(i => GuestData.Rsvp(app, slug, $"Guest {i}", $"guest{i}@example.org", status: RsvpStatus.Waitlisted).Id)
            .ToList();
        var token = (await host.GetAsync($"/s/{slug}?tab=waitlist")).AntiforgeryToken;

        // Each waiting guest moved up twice at once, from two sessions of the same host.
        var second = await Flows.LoginAsync(app, "ana@example.org");
        var secondToken = (await second.GetAsync($"/s/{slug}?tab=waitlist")).AntiforgeryToken;
        var results = await Task.WhenAll(waiting.SelectMany(id => new[]
        {
            host.PostAsync($"/s/{slug}/guests/{id}/move-up", [], token),
            second.PostAsync($"/s/{slug}/guests/{id}/move-up", [], secondToken),
        }));

        Assert.All(results, r => Assert.True(r.Status.IsRedirect(), $"Got {(int)r.Status}"));
        app.WithDb(db =>
        {
            var confirmed = db.Rsvps.Where(r => r.Status == RsvpStatus.Confirmed).Sum(r => r.PartySize);
            Assert.Equal(5, confirmed);
            Assert.Equal(5, db.Screenings.Single().SeatsTaken);
            Assert.Equal(2, db.Rsvps.Count(r => r.Status == RsvpStatus.Confirmed && r.Name.StartsWith("Guest")));
            Assert.Equal(2, db.Tickets.Count(t => t.Status == TicketStatus.Valid));
            return 0;
        });
    }

    [Fact]
    public async Task Only_the_host_co_hosts_and_staff_reach_the_dashboard_and_only_host_and_co_hosts_act()
    {
        var staff = await Flows.StaffAsync(_app);
        var (host, slug) = await HostWithScreeningAsync();
        var bea = GuestData.Rsvp(_app, slug, "Bea Booker", "bea@example.org");
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob Otherhost");
        await Flows.CreateScreeningAsync(other);
        foreach (var outsider in new[] { other, new WebSession(_app) })
        {
            var page = await outsider.GetAsync("/s/" + slug);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain("id=\"dashboard\"", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("bea@example.org", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("Bea Booker", page.Html, StringComparison.Ordinal);
            var outsiderToken = page.AntiforgeryToken;
            foreach (var action in new[] { "remove", "move-up", "tickets" })
            {
                var post = await outsider.PostAsync($"/s/{slug}/guests/{bea.Id}/{action}", [], outsiderToken);
                Assert.True(post.Status is HttpStatusCode.NotFound || post.Location?.Contains("/account/login", StringComparison.Ordinal) == true, $"{action}: {(int)post.Status}");
            }

            Assert.True((await outsider.GetAsync($"/s/{slug}/guests/{bea.Id}/remove")).Status is HttpStatusCode.NotFound or HttpStatusCode.Redirect);
        }

        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single().Status));
        Assert.Empty(_app.MailsTo("bea@example.org"));

        var co = await Flows.RegisterAsync(_app, "co@example.org", "Cora");
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "co@example.org"));
        var coPage = await co.GetAsync("/s/" + slug);
        Assert.Contains("id=\"dashboard\"", coPage.Html, StringComparison.Ordinal);
        Assert.Contains($"/s/{slug}/guests/{bea.Id}/remove", coPage.Html, StringComparison.Ordinal);

        var staffPage = await staff.GetAsync("/s/" + slug);
        Assert.Contains("id=\"dashboard\"", staffPage.Html, StringComparison.Ordinal);
        Assert.Contains("Bea Booker", staffPage.Text, StringComparison.Ordinal);
        Assert.DoesNotContain($"/guests/{bea.Id}/", staffPage.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/s/{slug}/guests/{bea.Id}/remove", [], staffPage.AntiforgeryToken)).Status);
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single().Status));
    }
}
