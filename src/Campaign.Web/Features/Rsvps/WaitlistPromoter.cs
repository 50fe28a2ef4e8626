using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Rsvps;

/// <summary>
/// Fills freed seats from the waitlist, in order, until the RSVP deadline. A party that does not fit keeps its place
/// while smaller ones behind it may go in. Runs inside the caller's transaction; the caller saves (mails included).
/// </summary>
public sealed class WaitlistPromoter(CampaignDbContext db, MailOutbox outbox, RsvpMails mails, TicketBook tickets, CalendarEntries calendar, TimeProvider clock)
{
    /// <summary>Promotes whoever fits now; returns the promoted answers (their mails are queued).</summary>
    public async Task<IReadOnlyList<Rsvp>> PromoteAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var now = clock.GetUtcNow().UtcDateTime;
        if (!screening.TakesAnswers(now))
        {
            return [];
        }

        var waiting = await db.Rsvps
            .Where(r => r.ScreeningId == screening.Id && r.Status == RsvpStatus.Waitlisted)
            .OrderBy(r => r.WaitlistedAtUtc).ThenBy(r => r.Id)
            .ToListAsync(ct);
        var promoted = new List<Rsvp>();
        foreach (var rsvp in waiting)
        {
            if (await MoveUpAsync(screening, rsvp, ct))
            {
                promoted.Add(rsvp);
            }
        }

        return promoted;
    }

    /// <summary>
    /// The one door from the waitlist to seats (in turn above, or the host's "move up"): takes the party's seats with one
    /// conditional UPDATE, or returns false and changes nothing when they do not fit. Runs in the caller's transaction;
    /// the caller saves the answer, its tickets and the mail together.
    /// </summary>
    public async Task<bool> MoveUpAsync(Screening screening, Rsvp rsvp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(rsvp);
        if (rsvp.Status != RsvpStatus.Waitlisted || !await SeatLedger.TryTakeAsync(db, screening.Id, rsvp.PartySize, ct))
        {
            return false;
        }

        rsvp.Promote(clock.GetUtcNow().UtcDateTime);
        outbox.Add(mails.Promoted(rsvp, screening, await tickets.SyncAsync(rsvp, ct, comingBack: true)).With(await calendar.InvitationAsync(rsvp, screening, ct)), MailKinds.Promoted, screening.Id);
        return true;
    }
}
