using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>One guest, as the host's remove step shows it: who, how many seats, how many already checked in.</summary>
public sealed record RemovalPreview(Guid Id, string Name, RsvpStatus Status, int PartySize, int CheckedIn);

/// <summary>
/// What the host (or a co-host) does to one answer from the dashboard: send the tickets again, take the guest off the
/// list, move a waitlisted party up. Each runs in one transaction with its mail (one SaveChanges); seats go through
/// <see cref="SeatLedger"/> and <see cref="WaitlistPromoter.MoveUpAsync"/>, so they hold under concurrency.
/// </summary>
public sealed class RsvpHostActions(
    CampaignDbContext db,
    RsvpMails mails,
    RsvpChecks checks,
    WaitlistPromoter promoter,
    TicketBook tickets,
    CalendarEntries calendar,
    TimeProvider clock,
    IStringLocalizer<RsvpHostActions> l)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The guest the remove step asks about, or null when the screening has no such answer.</summary>
    public async Task<RemovalPreview?> PreviewAsync(Screening screening, Guid rsvpId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return await db.Rsvps.AsNoTracking()
            .Where(r => r.Id == rsvpId && r.ScreeningId == screening.Id)
            .Select(r => new RemovalPreview(r.Id, r.Name, r.Status, r.PartySize, db.Tickets.Count(t => t.RsvpId == r.Id && t.CheckedInAtUtc != null)))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>Mails a confirmed guest their tickets again (the same tickets; any missing are issued).</summary>
    public Task<ManageResult> ResendTicketsAsync(Screening screening, Guid rsvpId, CancellationToken ct) =>
        ChangeAsync(screening, rsvpId, async (rsvp, s, t) =>
        {
            if (rsvp.Status != RsvpStatus.Confirmed)
            {
                return ManageResult.Refused(l["{0} is not confirmed, so there are no tickets to send.", rsvp.Name]);
            }

            if (!rsvp.HasAddress)
            {
                return ManageResult.Refused(l["{0} walked in without an e-mail address, so there is nowhere to send tickets. Their tickets are on their own screen, or they were admitted at the door.", rsvp.Name]);
            }

            if (await checks.IsBlockedAsync(s.Id, rsvp.EmailKey, t))
            {
                return ManageResult.Refused(l["{0} asked for no more mail about this screening, so nothing was sent.", rsvp.Name]);
            }

            var held = await tickets.SyncAsync(rsvp, t);
            var mail = mails.Confirmed(rsvp, s, held, l["The host sent your tickets again. They are the same tickets as before: bring them on your phone or printed."])
                .With(await calendar.InvitationAsync(rsvp, s, t));
            await checks.QueueAsync(rsvp, s, mail, MailKinds.TicketsResent, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["The tickets are sent to {0} again.", rsvp.Name]);
        }, ct);

    /// <summary>Takes a guest off the list: their seats are freed (and go to the waitlist in turn), their tickets stop working, they are told.</summary>
    public Task<ManageResult> RemoveAsync(Screening screening, Guid rsvpId, CancellationToken ct) =>
        ChangeAsync(screening, rsvpId, async (rsvp, s, t) =>
        {
            if (rsvp.Status is RsvpStatus.Cancelled or RsvpStatus.Declined)
            {
                return ManageResult.Done(l["{0} is no longer on the guest list.", rsvp.Name]);
            }

            if (await db.Tickets.AnyAsync(x => x.RsvpId == rsvp.Id && x.CheckedInAtUtc != null, t))
            {
                return ManageResult.Refused(l["{0} has already been checked in at the door, so they cannot be removed. Undo the check-in at the door first.", rsvp.Name]);
            }

            var hadSeats = rsvp.Status == RsvpStatus.Confirmed;
            var freed = rsvp.RemoveByHost(Now);
            await tickets.SyncAsync(rsvp, t);
            await SeatLedger.ReleaseAsync(db, s.Id, freed, t);
            if (freed > 0)
            {
                await promoter.PromoteAsync(s, t);
            }

            var mail = mails.Changed(rsvp, s, hadSeats
                ? l["The host took your RSVP off the guest list for this screening. Your tickets no longer work."]
                : l["The host took you off the waitlist for this screening."]);
            await checks.QueueAsync(rsvp, s, hadSeats ? mail.With(await calendar.CancellationAsync(rsvp, s, t)) : mail, MailKinds.RemovedByHost, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(freed > 0
                ? l["{0} is removed and {1} seat(s) are free again.", rsvp.Name, freed]
                : l["{0} is removed from the waitlist.", rsvp.Name]);
        }, ct);

    /// <summary>Gives a waitlisted party seats now, out of turn, if they fit; refused with a message when they do not.</summary>
    public Task<ManageResult> MoveUpAsync(Screening screening, Guid rsvpId, CancellationToken ct) =>
        ChangeAsync(screening, rsvpId, async (rsvp, s, t) =>
        {
            if (rsvp.Status != RsvpStatus.Waitlisted)
            {
                return ManageResult.Refused(l["{0} is not on the waitlist.", rsvp.Name]);
            }

            if (Now >= s.EndUtc)
            {
                return ManageResult.Refused(l["The screening is over."]);
            }

            if (!await promoter.MoveUpAsync(s, rsvp, t))
            {
                var left = Math.Max(0, s.Capacity - await SeatLedger.SeatsTakenAsync(db, s.Id, t));
                return ManageResult.Refused(left == 0
                    ? l["The screening is full, so {0} stays on the waitlist. Raise the capacity or free seats first.", rsvp.Name]
                    : l["Only {0} seat(s) are free and {1}'s party needs {2}, so they stay on the waitlist.", left, rsvp.Name, rsvp.PartySize]);
            }

            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["{0} is moved up from the waitlist and gets their tickets by e-mail.", rsvp.Name]);
        }, ct);

    private async Task<ManageResult> ChangeAsync(Screening screening, Guid rsvpId, Func<Rsvp, Screening, CancellationToken, Task<ManageResult>> change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        try
        {
            return await db.InTransactionAsync(async t =>
            {
                var rsvp = await db.Rsvps.SingleOrDefaultAsync(r => r.Id == rsvpId && r.ScreeningId == screening.Id, t);
                if (rsvp is null)
                {
                    return ManageResult.Missing;
                }

                var fresh = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screening.Id, t);
                if (fresh.Status == ScreeningStatus.Cancelled)
                {
                    return ManageResult.Refused(l["This screening was cancelled; there is nothing to change."]);
                }

                return await change(rsvp, fresh, t);
            }, ct);
        }
        catch (DomainException ex)
        {
            return ManageResult.Refused(l[ex.Message]);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ManageResult.Refused(l["This guest's answer changed at the same moment. Look at the list again and retry."]);
        }
    }
}
