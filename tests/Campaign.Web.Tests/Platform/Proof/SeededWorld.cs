using System.Net;
using System.Text.RegularExpressions;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>Who tries an endpoint in the matrix.</summary>
public enum Caller
{
    Anonymous,
    ForeignDoor,
    OtherHost,
    StaffWithoutTwoFactor,
    ThisDoor,
    CoHost,
    Staff,
    Owner,
}

/// <summary>
/// A screening with everything a route can name (an RSVP and its ticket, an invitation, a door link, a co-host, a feed,
/// an abuse report, a screening awaiting review, another host's screening and door), made through the site as people
/// would. <see cref="PathFor"/> fills any route pattern with this world's values and fails for a parameter it has no
/// value for, so a new route cannot slip through untested.
/// </summary>
public sealed partial class SeededWorld
{
    private static int _worlds;

    private SeededWorld(People people, string slug, string reviewSlug, string manage, string ticket, string invitation, string unsubscribe,
        string doorToken, Guid doorId, Guid coHostId, Guid invitationId, Guid abuseReportId, string foreignDoorToken, Guid ticketId)
    {
        TicketId = ticketId;
        Who = people;
        Slug = slug;
        ReviewSlug = reviewSlug;
        ManageToken = manage;
        TicketCode = ticket;
        InvitationToken = invitation;
        UnsubscribeToken = unsubscribe;
        DoorToken = doorToken;
        DoorId = doorId;
        CoHostId = coHostId;
        InvitationId = invitationId;
        AbuseReportId = abuseReportId;
        ForeignDoorToken = foreignDoorToken;
    }

    public People Who { get; }

    public string Slug { get; }

    public string ReviewSlug { get; }

    public string ManageToken { get; }

    /// <summary>The door poster's secret of the seeded screening (the walk-in form, <c>/w/{token}</c>).</summary>
    public string PosterToken => Who.App.WithDb(db => db.Screenings.AsNoTracking().Where(s => s.Slug == Slug).Select(s => s.WalkInToken).Single());

    public string TicketCode { get; }

    public Guid TicketId { get; }

    public Guid RsvpId => Who.App.WithDb(db => db.Tickets.AsNoTracking().Where(t => t.Id == TicketId).Select(t => t.RsvpId).Single());

    public string InvitationToken { get; }

    public string UnsubscribeToken { get; }

    public string DoorToken { get; }

    public Guid DoorId { get; }

    public Guid CoHostId { get; }

    public Guid InvitationId { get; }

    public Guid AbuseReportId { get; }

    public string ForeignDoorToken { get; }

    /// <summary>The accounts (made once per app): they outlive worlds, as people outlive screenings.</summary>
    public sealed class People
    {
        public required CampaignFactory App { get; init; }

        public required WebSession Owner { get; init; }

        public required WebSession CoHost { get; init; }

        public required WebSession OtherHost { get; init; }

        public required WebSession Staff { get; init; }

        public required WebSession StaffWithoutTwoFactor { get; init; }

        public required string OtherHostId { get; init; }

        public required string FeedToken { get; init; }

        /// <summary>A mailed confirm-email link (path and query): its key travels in the query, which no route pattern names.</summary>
        public required string ConfirmEmailLink { get; init; }

        /// <summary>A mailed reset-password link (path and query), asked for by the other host.</summary>
        public required string ResetPasswordLink { get; init; }

        public static async Task<People> CreateAsync(CampaignFactory app)
        {
            var owner = await Flows.RegisterAsync(app, "owner@example.org", "Olu Owner");
            var coHost = await Flows.RegisterAsync(app, "co@example.org", "Cai CoHost");
            var other = await Flows.RegisterAsync(app, "other@example.org", "Oz Other");
            var staff = await Flows.StaffAsync(app);
            var staffNo2fa = await Flows.RegisterAsync(app, "staff2@example.org", "Sol Staff");

            var calendar = await owner.GetAsync("/my/calendar");
            await owner.PostAsync("/my/calendar/feed", [], calendar.AntiforgeryToken);
            var feed = FeedPattern().Match((await owner.GetAsync("/my/calendar")).Html).Groups[1].Value;
            Assert.False(string.IsNullOrEmpty(feed), "The owner's calendar page shows the new feed.");
            var forgot = await new WebSession(app).SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "other@example.org"));
            Assert.True((int)forgot.Status < 400, $"Asking for a reset link answered {(int)forgot.Status}.");
            return new People
            {
                App = app,
                Owner = owner,
                CoHost = coHost,
                OtherHost = other,
                Staff = staff,
                StaffWithoutTwoFactor = staffNo2fa,
                OtherHostId = app.WithDb(db => db.Users.AsNoTracking().Single(u => u.Email == "other@example.org").Id),
                FeedToken = feed,
                ConfirmEmailLink = app.LinkInMail("other@example.org", "/account/confirm-email"),
                ResetPasswordLink = app.LinkInMail("other@example.org", "/account/reset-password"),
            };
        }
    }

    /// <summary>The settings an app needs for the matrix: a second staff address, which never turns on two-factor, and room for a world per write.</summary>
    public static Dictionary<string, string?> Settings => new(StringComparer.Ordinal)
    {
        ["Campaign:StaffEmails:1"] = "staff2@example.org",
        ["Campaign:InviteLimitPerDayUntrusted"] = "10000",
    };

    public static async Task<SeededWorld> CreateAsync(People who)
    {
        var app = who.App;
        var n = Interlocked.Increment(ref _worlds);
        var slug = await Flows.CreateScreeningAsync(who.Owner, Flows.ScreeningFields(title: $"World {n}"));
        var review = await Flows.CreateScreeningAsync(who.Owner, Flows.ScreeningFields(title: $"World {n} for the directory", visibility: "Public"));
        var foreign = await Flows.CreateScreeningAsync(who.OtherHost, Flows.ScreeningFields(title: $"Another host's screening {n}"));

        var added = await who.Owner.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "co@example.org"));
        Assert.True(added.Status.IsRedirect() || added.Status == HttpStatusCode.OK, $"Adding the co-host answered {(int)added.Status}.");
        var doorToken = await DoorLinkAsync(who.Owner, slug, "Front door");
        var foreignDoor = await DoorLinkAsync(who.OtherHost, foreign, "Their door");

        var guest = $"guest{n}@example.net";
        var answered = await RsvpFlows.AnswerAsync(app, slug, "Gia Guest", guest, 2, true, "Pip Plus");
        Assert.True(answered.Status.IsRedirect(), $"The RSVP answered {(int)answered.Status}.");
        var manage = PathOf(app.LinkInMail(guest, "/rsvp/"))["/rsvp/".Length..];
        var ticket = PathOf(app.LinkInMail(guest, "/t/"))["/t/".Length..];

        var invitee = $"invitee{n}@example.net";
        var reporter = $"reporter{n}@example.net";
        var invited = await who.Owner.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", invitee + "\n" + reporter));
        Assert.True((int)invited.Status < 500, $"Inviting answered {(int)invited.Status}.");
        var invitation = PathOf(app.LinkInMail(invitee, "/i/"))["/i/".Length..];
        var unsubscribe = PathOf(app.LinkInMail(invitee, "/unsubscribe/"))["/unsubscribe/".Length..];
        var reporterLink = PathOf(app.LinkInMail(reporter, "/i/"));
        var report = await new WebSession(app).SubmitAsync(reporterLink + "/report", reporterLink + "/report", Array.Empty<(string, string)>());
        Assert.True((int)report.Status < 400, $"Reporting answered {(int)report.Status}.");

        var (doorId, coHostId, invitationId, abuseId, ticketId) = app.WithDb(db =>
        {
            var screening = db.Screenings.AsNoTracking().Single(s => s.Slug == slug);
            return (
                db.DoorLinks.AsNoTracking().Where(d => d.ScreeningId == screening.Id).Select(d => d.Id).Single(),
                db.CoHosts.AsNoTracking().Where(c => c.ScreeningId == screening.Id).Select(c => c.Id).Single(),
                db.Invitations.AsNoTracking().Where(i => i.ScreeningId == screening.Id && i.EmailKey == invitee).Select(i => i.Id).Single(),
                db.AbuseReports.AsNoTracking().Where(r => r.ScreeningId == screening.Id).Select(r => r.Id).Single(),
                db.Tickets.AsNoTracking().Where(t => t.ScreeningId == screening.Id).OrderBy(t => t.Number).Select(t => t.Id).First());
        });
        return new SeededWorld(who, slug, review, manage, ticket, invitation, unsubscribe, doorToken, doorId, coHostId, invitationId, abuseId, foreignDoor, ticketId);
    }

    /// <summary>The session a caller uses, and the door link it shows (if any).</summary>
    public (WebSession Session, string? DoorToken) As(Caller caller) => caller switch
    {
        Caller.Owner => (Who.Owner, null),
        Caller.CoHost => (Who.CoHost, null),
        Caller.OtherHost => (Who.OtherHost, null),
        Caller.Staff => (Who.Staff, null),
        Caller.StaffWithoutTwoFactor => (Who.StaffWithoutTwoFactor, null),
        Caller.ThisDoor => (new WebSession(Who.App), DoorToken),
        Caller.ForeignDoor => (new WebSession(Who.App), ForeignDoorToken),
        _ => (new WebSession(Who.App), null),
    };

    /// <summary>The concrete path for <paramref name="pattern"/> in this world.</summary>
    public string PathFor(string pattern) => AppEndpoints.Fill(pattern, name => ValueFor(pattern, name));

    /// <summary>
    /// The link a visitor follows for <paramref name="pattern"/>: <see cref="PathFor"/>, plus the query for the routes whose key
    /// travels in it (the mailed confirm and reset links). A new route of that kind fails the tour until it is added here.
    /// </summary>
    public string LinkFor(string pattern) => PathFor(pattern) + pattern switch
    {
        "/account/confirm-email" => QueryOf(Who.ConfirmEmailLink),
        "/account/reset-password" => QueryOf(Who.ResetPasswordLink),
        _ => "",
    };

    private static string QueryOf(string link) => link.Contains('?', StringComparison.Ordinal) ? link[link.IndexOf('?', StringComparison.Ordinal)..] : "";

    /// <summary>The same path with every secret in it altered (one character changed), for "no key, no entry".</summary>
    public string PathWithWrongSecret(string pattern) => AppEndpoints.Fill(pattern, name => name is "token" or "code" && !pattern.StartsWith("/error", StringComparison.Ordinal)
        ? Alter(ValueFor(pattern, name))
        : ValueFor(pattern, name));

    private string ValueFor(string pattern, string name) => (name, pattern) switch
    {
        ("slug", _) when pattern.StartsWith("/staff/screenings/", StringComparison.Ordinal) => ReviewSlug,
        ("slug", _) => Slug,
        ("token", _) when pattern.StartsWith("/rsvp/", StringComparison.Ordinal) => ManageToken,
        ("token", _) when pattern.StartsWith("/w/", StringComparison.Ordinal) => PosterToken,
        ("token", _) when pattern.StartsWith("/i/", StringComparison.Ordinal) => InvitationToken,
        ("token", _) when pattern.StartsWith("/unsubscribe/", StringComparison.Ordinal) => UnsubscribeToken,
        ("token", _) when pattern.StartsWith("/door/", StringComparison.Ordinal) => DoorToken,
        ("token", _) when pattern.StartsWith("/feeds/", StringComparison.Ordinal) => Who.FeedToken,
        ("code", _) when pattern.StartsWith("/t/", StringComparison.Ordinal) => TicketCode,
        ("code", _) when pattern.StartsWith("/error/", StringComparison.Ordinal) => "404",
        ("id", _) when pattern.Contains("/team/doors/", StringComparison.Ordinal) => DoorId.ToString(),
        ("id", _) when pattern.Contains("/guests/", StringComparison.Ordinal) => RsvpId.ToString(),
        ("id", _) when pattern.Contains("/team/cohosts/", StringComparison.Ordinal) => CoHostId.ToString(),
        ("id", _) when pattern.Contains("/invitations/", StringComparison.Ordinal) => InvitationId.ToString(),
        ("id", _) when pattern.StartsWith("/staff/abuse-reports/", StringComparison.Ordinal) => AbuseReportId.ToString(),
        ("id", _) when pattern.StartsWith("/staff/hosts/", StringComparison.Ordinal) => Who.OtherHostId,
        ("keyId", _) when pattern.StartsWith("/staff/keys/", StringComparison.Ordinal) => "1",
        ("name", _) when pattern.StartsWith("/mail/", StringComparison.Ordinal) => Path.GetFileName(Directory.GetFiles(Who.App.MailDirectory, "*.eml").Order(StringComparer.Ordinal).First()),
        _ => throw new InvalidOperationException(
            $"No seeded value for {{{name}}} in {pattern}: add one to SeededWorld (and whatever the world needs to have it)."),
    };

    /// <summary>The path of a link in a mail, without its query (an invitation's "Going" link adds <c>?answer=yes</c>).</summary>
    private static string PathOf(string link) =>
        Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal) ? uri.AbsolutePath : link.Split('?', '#')[0];

    private static string Alter(string secret) => (secret[0] == 'A' ? 'B' : 'A') + secret[1..];

    private static async Task<string> DoorLinkAsync(WebSession host, string slug, string name)
    {
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", name));
        var team = await host.GetAsync($"/s/{slug}/team");
        var token = DoorLinkPattern().Matches(team.Html).Select(m => m.Groups[1].Value).LastOrDefault();
        return token ?? throw new InvalidOperationException($"No door link on the team page ({(int)team.Status}).");
    }

    [GeneratedRegex("/door/([A-Za-z0-9_-]{24})\"")]
    private static partial Regex DoorLinkPattern();

    [GeneratedRegex("/feeds/([A-Za-z0-9_-]+)\\.ics")]
    private static partial Regex FeedPattern();
}
