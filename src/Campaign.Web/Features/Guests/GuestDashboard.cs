using System.Globalization;
using System.Security.Claims;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Guests;

/// <summary>
/// The host's dashboard on the screening page (host, co-hosts, staff): counts, RSVPs by day, the next thing to do,
/// the guest list in tabs; and the guest list as CSV. Staff see it all; only the host and co-hosts act on guests.
/// </summary>
public sealed class GuestDashboard(CampaignDbContext db, GuestListService list, ScreeningAccess access, TimeProvider clock, IStringLocalizer<GuestDashboard> l)
{
    public async Task<DashboardView> BuildAsync(Screening screening, ClaimsPrincipal user, string? tab, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var now = clock.GetUtcNow().UtcDateTime;
        var canAct = await access.CanManageAsync(screening, user, ct);
        var rsvps = await db.Rsvps.AsNoTracking().Where(r => r.ScreeningId == screening.Id).ToListAsync(ct);
        var checkedIn = await db.Tickets.AsNoTracking()
            .Where(t => t.ScreeningId == screening.Id && t.CheckedInAtUtc != null)
            .Select(t => new { t.RsvpId, At = t.CheckedInAtUtc!.Value })
            .ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.ScreeningId == screening.Id)
            .OrderBy(i => i.CreatedAtUtc).ThenBy(i => i.EmailKey).ToListAsync(ct);
        var problems = await list.MailProblemsAsync(screening.Id, ct);
        var seatsTaken = await SeatLedger.SeatsTakenAsync(db, screening.Id, ct);
        var doorReady = await db.DoorLinks.AnyAsync(d => d.ScreeningId == screening.Id && d.RevokedAtUtc == null, ct)
            || await db.CoHosts.AnyAsync(c => c.ScreeningId == screening.Id, ct);

        var inByRsvp = checkedIn.GroupBy(c => c.RsvpId).ToDictionary(g => g.Key, g => (Count: g.Count(), Last: g.Max(c => c.At)));
        var going = rsvps.Where(r => r.Status == RsvpStatus.Confirmed).OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id).ToList();
        var waiting = rsvps.Where(r => r.Status == RsvpStatus.Waitlisted).OrderBy(r => r.WaitlistedAtUtc).ThenBy(r => r.Id).ToList();
        var free = Math.Max(0, screening.Capacity - seatsTaken);

        var counts = new DashboardCounts(
            going.Sum(r => r.PartySize),
            going.Count,
            waiting.Sum(r => r.PartySize),
            waiting.Count,
            checkedIn.Count,
            invitations.Count,
            invitations.Count(i => i.OpenedAtUtc is not null),
            invitations.Count(i => i.IsAnswered),
            seatsTaken,
            screening.Capacity);

        GuestLine Line(Rsvp r, DateTime since)
        {
            var seen = inByRsvp.GetValueOrDefault(r.Id);
            return new GuestLine(r.Id, r.Name, r.Email, r.PartySize, r.GuestNameList(), Format(since, screening), seen.Count,
                seen.Count > 0 ? Format(seen.Last, screening) : null, r.HasAddress ? problems.GetValueOrDefault(r.Email) : null, r.Status == RsvpStatus.Waitlisted && r.PartySize <= free, r.IsWalkIn);
        }

        return new DashboardView(
            ParseTab(tab),
            canAct,
            counts,
            Days(rsvps, screening),
            NextSteps(screening, counts, doorReady, canAct, now),
            [.. going.Select(r => Line(r, r.CreatedAtUtc))],
            [.. waiting.Select(r => Line(r, r.WaitlistedAtUtc ?? r.CreatedAtUtc))],
            [.. rsvps.Where(r => inByRsvp.ContainsKey(r.Id)).OrderByDescending(r => inByRsvp[r.Id].Last).Select(r => Line(r, r.CreatedAtUtc))],
            [.. invitations.Select(i => new InvitedLine(i.Email, list.StateText(i.State), i.OpenedAtUtc is { } o ? Format(o, screening) : null))]);
    }

    /// <summary>
    /// The guest list as CSV (ADR 0020), row by row from the database to the response: everyone who answered, in the
    /// order they answered, with their status and how many of the party were checked in.
    /// </summary>
    public async Task ExportAsync(Screening screening, CsvWriter csv, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(csv);
        await csv.WriteRowAsync(ct, l["Name"], l["E-mail"], l["Party size"], l["Status"], l["Checked in"]);
        var rows = db.Rsvps.AsNoTracking()
            .Where(r => r.ScreeningId == screening.Id)
            .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id)
            .Select(r => new { r.Name, r.Email, r.PartySize, r.Status, CheckedIn = db.Tickets.Count(t => t.RsvpId == r.Id && t.CheckedInAtUtc != null) })
            .AsAsyncEnumerable();
        await foreach (var r in rows.WithCancellation(ct))
        {
            await csv.WriteRowAsync(ct,
                r.Name,
                r.Email,
                r.PartySize.ToString(CultureInfo.InvariantCulture),
                StatusText(r.Status),
                r.CheckedIn.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>The file name of the export: the screening's slug (ASCII already), made safe once more by the writer.</summary>
    public static string ExportFileName(Screening screening) => "guests-" + screening?.Slug;

    private string StatusText(RsvpStatus status) => status switch
    {
        RsvpStatus.Confirmed => l["Going"],
        RsvpStatus.Waitlisted => l["Waitlist"],
        RsvpStatus.Declined => l["Can't go"],
        RsvpStatus.Cancelled => l["Cancelled"],
        _ => status.ToString(),
    };

    /// <summary>The tab from <c>?tab=</c>; anything else is the first tab.</summary>
    public static DashboardTab ParseTab(string? tab) => tab?.ToLowerInvariant() switch
    {
        "waitlist" => DashboardTab.Waitlist,
        "invited" => DashboardTab.Invited,
        "checked-in" => DashboardTab.CheckedIn,
        _ => DashboardTab.Going,
    };

    /// <summary>
    /// Answers by the screening's local day (days without any are left out): how many answered that day, and the running
    /// total of people going now, by the day they answered.
    /// </summary>
    private static IReadOnlyList<DayCount> Days(List<Rsvp> rsvps, Screening screening)
    {
        var going = 0;
        return [.. rsvps
            .GroupBy(r => DateOnly.FromDateTime(ZoneClock.ToLocal(r.CreatedAtUtc, screening.TimeZoneId)))
            .OrderBy(g => g.Key)
            .Select(g =>
            {
                going += g.Where(r => r.Status == RsvpStatus.Confirmed).Sum(r => r.PartySize);
                return new DayCount(g.Key, g.Count(), going);
            })];
    }

    private List<NextStep> NextSteps(Screening s, DashboardCounts c, bool doorReady, bool canAct, DateTime now)
    {
        var slug = s.Slug;
        var steps = new List<NextStep>();
        if (s.Status == ScreeningStatus.Cancelled)
        {
            steps.Add(new(l["This screening is cancelled. Guests were told."], null, null));
            return steps;
        }

        if (now >= s.EndUtc)
        {
            steps.Add(new(l["The screening is over. Download the guest list if you need it, then keep it safe or delete it."], $"/s/{slug}/guests.csv", l["Download the guest list (CSV)"]));
            return steps;
        }

        switch (s.Moderation)
        {
            case ModerationState.Pending:
                steps.Add(new(l["Approval pending: the campaign's staff look at a public screening before it is listed. You can already share its link."], null, null));
                break;
            case ModerationState.Rejected when canAct:
                steps.Add(new(l["Staff did not approve the listing. Edit the screening to send it for review again."], $"/s/{slug}/edit", l["Edit the screening"]));
                break;
        }

        if (!canAct)
        {
            return steps;
        }

        if (c.Invited == 0 && c.GoingParties == 0 && c.WaitlistParties == 0)
        {
            steps.Add(new(l["No one knows yet: invite friends by e-mail, or share the link."], $"/s/{slug}/invite", l["Invite friends"]));
        }

        if (c.WaitlistParties > 0 && c.SeatsTaken < c.Capacity)
        {
            steps.Add(new(l["Seats are free and people are waiting: move them up from the waitlist."], $"/s/{slug}?tab=waitlist#guests", l["See the waitlist"]));
        }

        if (!doorReady)
        {
            steps.Add(new(l["Set up the door: add a co-host or make a door link, so someone can scan tickets as guests arrive."], $"/s/{slug}/team", l["Set up the door"]));
        }

        if (steps.Count == 0)
        {
            steps.Add(new(l["All set. Invite more friends, or share the link."], $"/s/{slug}/invite", l["Invite friends"]));
        }

        return steps;
    }

    private static string Format(DateTime utc, Screening s) => ZoneClock.Format(utc, s.TimeZoneId, CultureInfo.CurrentCulture);
}
