using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Domain;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>Outcome of a change on the manage page: not found, refused with a message, or done with a notice.</summary>
public sealed record ManageResult(bool Found, string? Error, string? Notice)
{
    public static readonly ManageResult Missing = new(false, null, null);

    public static ManageResult Refused(string error) => new(true, error, null);

    public static ManageResult Done(string notice) => new(true, null, notice);
}

/// <summary>
/// A guest changing their answer through the private manage link, or giving up one seat with their own ticket. Seats
/// are taken with <see cref="SeatLedger"/> inside a transaction that also holds the change and its mail (one
/// SaveChanges), so counts hold under concurrent requests and several instances.
/// </summary>
public sealed class RsvpChanges(
    CampaignDbContext db,
    RsvpMails mails,
    RsvpChecks checks,
    WaitlistPromoter promoter,
    TicketBook tickets,
    TicketService ticketPages,
    CalendarEntries calendar,
    TimeProvider clock,
    IStringLocalizer<RsvpChanges> l)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The manage page, or null for an unknown token.</summary>
    public async Task<ManageView?> ManageAsync(string token, PartyForm? party, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var rsvp = await db.Rsvps.AsNoTracking().SingleOrDefaultAsync(r => r.ManageToken == token, ct);
        if (rsvp is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == rsvp.ScreeningId, ct);
        var closed = checks.ClosedReason(screening, Now);
        party ??= new PartyForm
        {
            PartySize = Math.Max(1, rsvp.PartySize),
            GuestNames = [.. rsvp.GuestNameList()],
        };
        return new ManageView(
            token,
            rsvp,
            screening,
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            PlaceText.Public(screening, l["Online"]),
            closed is null,
            closed,
            await checks.IsBlockedAsync(screening.Id, rsvp.EmailKey, ct),
            party,
            rsvp.Status == RsvpStatus.Confirmed && screening.Status == ScreeningStatus.Scheduled
                ? [.. (await tickets.ValidAsync(rsvp.Id, ct)).Select(t => new TicketLink(tickets.Holder(t), "/t/" + Uri.EscapeDataString(t.Code)))]
                : [],
            await WaitlistNumberAsync(rsvp, ct));
    }

    /// <summary>The party's place in the waitlist queue (1 is next), or null when not waiting.</summary>
    private async Task<int?> WaitlistNumberAsync(Rsvp rsvp, CancellationToken ct)
    {
        if (rsvp.Status != RsvpStatus.Waitlisted || rsvp.WaitlistedAtUtc is not { } since)
        {
            return null;
        }

        return 1 + await db.Rsvps.CountAsync(r => r.ScreeningId == rsvp.ScreeningId && r.Status == RsvpStatus.Waitlisted && r.WaitlistedAtUtc < since, ct);
    }

    /// <summary>Grows or shrinks the party: growing takes the extra seats atomically or refuses; shrinking frees seats and promotes the waitlist.</summary>
    public Task<ManageResult> ChangePartyAsync(string token, PartyForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        return ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (checks.ClosedReason(screening, Now) is { } closed)
            {
                return ManageResult.Refused(closed);
            }

            var party = checks.CheckParty(form.PartySize, form.GuestNames, screening, errors);
            if (party is null)
            {
                return ManageResult.Refused(l["Check the party size and names below."]);
            }

            var now = Now;
            var grow = rsvp.Status == RsvpStatus.Confirmed ? party.Value.Size - rsvp.PartySize : 0;
            if (grow > 0 && !await SeatLedger.TryTakeAsync(db, screening.Id, grow, t))
            {
                var left = Math.Max(0, screening.Capacity - await SeatLedger.SeatsTakenAsync(db, screening.Id, t));
                return ManageResult.Refused(left == 0
                    ? l["There are no free seats left, so your party cannot grow. Your RSVP is unchanged."]
                    : l.Plural(left, "Only {0} more seat is free, so your party cannot grow to {1}. Your RSVP is unchanged.", "Only {0} more seats are free, so your party cannot grow to {1}. Your RSVP is unchanged.", left, party.Value.Size));
            }

            var delta = rsvp.ChangeParty(party.Value.Size, party.Value.Names, now);
            if (delta < 0)
            {
                await SeatLedger.ReleaseAsync(db, screening.Id, -delta, t);
            }

            // A smaller waitlisted party may fit now; freed seats go to the waitlist in order.
            var held = await tickets.SyncAsync(rsvp, t);
            await promoter.PromoteAsync(screening, t);
            await checks.QueueAsync(rsvp, screening, mails.Changed(rsvp, screening, l["Your party is now {0}.", rsvp.PartySize], held), MailKinds.Changed, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(rsvp.Status == RsvpStatus.Confirmed
                ? l["Saved: your party is now {0}.", rsvp.PartySize]
                : l["Saved: your party is now {0}. You are still on the waitlist.", rsvp.PartySize]);
        }, ct);
    }

    /// <summary>Gives the seats (or the waitlist place) back and promotes the waitlist.</summary>
    public Task<ManageResult> CancelAsync(string token, CancellationToken ct) =>
        ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (rsvp.Status == RsvpStatus.Cancelled)
            {
                return ManageResult.Done(l["Your RSVP is cancelled."]);
            }

            if (rsvp.Status == RsvpStatus.Declined)
            {
                return ManageResult.Refused(l["You already said you can't make it; there is nothing to cancel."]);
            }

            var hadSeats = rsvp.Status == RsvpStatus.Confirmed;
            await CancelAndPromoteAsync(rsvp, screening, t);
            var cancelled = mails.Changed(rsvp, screening, l["You cancelled your RSVP. Thank you for freeing your seats for someone else."]);
            await checks.QueueAsync(rsvp, screening, hadSeats ? cancelled.With(await calendar.CancellationAsync(rsvp, screening, t)) : cancelled, MailKinds.Changed, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["Your RSVP is cancelled. Thank you for letting us know."]);
        }, ct);

    /// <summary>
    /// Turns the guest's discreet mode on or off (decisions/0023). A confirmed guest's calendar entry is updated at once:
    /// a REQUEST with the title they now see and a higher SEQUENCE (the RSVP's version goes up), in a short mail that
    /// is itself discreet when turning it on. Mails already sent stay as they were.
    /// </summary>
    public Task<ManageResult> DiscreetAsync(string token, bool discreet, CancellationToken ct) =>
        ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (!rsvp.SetDiscreet(discreet, Now))
            {
                return ManageResult.Done(discreet ? l["Discreet mode is on."] : l["Discreet mode is off."]);
            }

            if (rsvp.Status == RsvpStatus.Confirmed)
            {
                var mail = mails.Changed(rsvp, screening, discreet
                    ? l["Discreet mode is on: from now on mails and your calendar entry show “{0}”. Mails already sent cannot be changed.", screening.NeutralTitle]
                    : l["Discreet mode is off."]);
                await checks.QueueAsync(rsvp, screening, mail.With(await calendar.InvitationAsync(rsvp, screening, t)), MailKinds.Changed, t);
            }

            await db.SaveChangesAsync(t);
            return ManageResult.Done(discreet
                ? l["Discreet mode is on. Mails already sent cannot be changed; delete them if someone else may read your mail."]
                : l["Discreet mode is off."]);
        }, ct);

    /// <summary>Comes back after cancelling or declining: seats if they fit, else the waitlist.</summary>
    public Task<ManageResult> ReconfirmAsync(string token, PartyForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        return ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (rsvp.RemovedByHostAtUtc is not null)
            {
                return ManageResult.Refused(l[Rsvp.RemovedMessage]);
            }

            if (checks.ClosedReason(screening, Now) is { } closed)
            {
                return ManageResult.Refused(closed);
            }

            var party = checks.CheckParty(form.PartySize, form.GuestNames, screening, errors);
            if (party is null)
            {
                return ManageResult.Refused(l["Check the party size and names below."]);
            }

            var now = Now;
            var taken = await SeatLedger.TryTakeAsync(db, screening.Id, party.Value.Size, t);
            rsvp.Reconfirm(party.Value.Size, taken, now);
            rsvp.ChangeParty(party.Value.Size, party.Value.Names, now);
            var held = await tickets.SyncAsync(rsvp, t, comingBack: true);
            var mail = taken
                ? mails.Confirmed(rsvp, screening, held, l["You're back on the guest list for this screening, with a party of {0}.", rsvp.PartySize]).With(await calendar.InvitationAsync(rsvp, screening, t))
                : mails.Waitlisted(rsvp, screening, l["The screening has no room for your party right now, so you are on the waitlist. If seats open up before the RSVP deadline, you get them automatically."]);
            await checks.QueueAsync(rsvp, screening, mail, taken ? MailKinds.Confirmed : MailKinds.Waitlisted, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(taken
                ? l["You're confirmed again. We e-mailed you the details."]
                : l["There is no room for your party right now, so you are on the waitlist."]);
        }, ct);
    }

    /// <summary>"This wasn't me": cancels (freeing seats, promoting) and stops all mail about this screening to the address.</summary>
    public Task<ManageResult> NotMeAsync(string token, CancellationToken ct) =>
        ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (rsvp.Status != RsvpStatus.Cancelled)
            {
                await CancelAndPromoteAsync(rsvp, screening, t);
            }

            if (rsvp.HasAddress && !await checks.IsBlockedAsync(screening.Id, rsvp.EmailKey, t))
            {
                db.ScreeningMailBlocks.Add(ScreeningMailBlock.For(screening.Id, rsvp.Email, Now));
            }

            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["Done. The RSVP is cancelled and this address will get no more mail about this screening. Sorry for the trouble."]);
        }, ct);

    /// <summary>
    /// A guest gives up the seat on their own ticket, and nothing else: that ticket is cancelled, the party shrinks by
    /// one, the seat goes to the waitlist, and the booker is told. Returns an error message, or null when done.
    /// </summary>
    public async Task<string?> ReleaseTicketAsync(string code, CancellationToken ct)
    {
        var found = await ticketPages.FindAsync(code, ct);
        if (found is null)
        {
            return l["This ticket link is not valid."];
        }

        try
        {
            return await db.InTransactionAsync(async t =>
            {
                var ticket = await db.Tickets.SingleAsync(x => x.Id == found.Id, t);
                var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == ticket.ScreeningId, t);
                var now = clock.GetUtcNow().UtcDateTime;
                if (ticket.IsBookers)
                {
                    return l["This is the booker's own ticket: use the link in the confirmation mail to change or cancel the RSVP."];
                }

                if (ticket.Status == TicketStatus.Cancelled)
                {
                    return l["This ticket is already cancelled."];
                }

                if (ticket.CheckedInAtUtc is not null || screening.Status == ScreeningStatus.Cancelled || now >= screening.StartUtc)
                {
                    return l["This seat can no longer be given up."];
                }

                var rsvp = await db.Rsvps.SingleAsync(r => r.Id == ticket.RsvpId, t);
                var guests = await db.Tickets
                    .Where(x => x.RsvpId == rsvp.Id && x.Status == TicketStatus.Valid && x.Number > 1)
                    .OrderBy(x => x.Number).Select(x => x.Id).ToListAsync(t);
                var freed = rsvp.ReleaseGuest(guests.IndexOf(ticket.Id), now);
                ticket.Cancel(now, byHolder: true);
                await SeatLedger.ReleaseAsync(db, screening.Id, freed, t);
                var held = await tickets.SyncAsync(rsvp, t);
                await promoter.PromoteAsync(screening, t);
                var what = l["{0} gave up their seat using their own ticket, so your party is now {1}. That ticket no longer works; the others are unchanged.", tickets.Holder(ticket), rsvp.PartySize];
                await checks.QueueAsync(rsvp, screening, mails.Changed(rsvp, screening, what, held), MailKinds.Changed, t);

                await db.SaveChangesAsync(t);
                return (string?)null;
            }, ct);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }
        catch (DbUpdateConcurrencyException)
        {
            return l["This ticket changed at the same moment somewhere else. Reload the page and try again."];
        }
    }

    private async Task CancelAndPromoteAsync(Rsvp rsvp, Screening screening, CancellationToken ct)
    {
        var freed = rsvp.Cancel(Now);
        await tickets.SyncAsync(rsvp, ct);
        await SeatLedger.ReleaseAsync(db, screening.Id, freed, ct);
        if (freed > 0)
        {
            await promoter.PromoteAsync(screening, ct);
        }
    }

    private async Task<ManageResult> ChangeAsync(string token, Func<Rsvp, Screening, CancellationToken, Task<ManageResult>> change, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return ManageResult.Missing;
        }

        try
        {
            return await db.InTransactionAsync(async t =>
            {
                var rsvp = await db.Rsvps.SingleOrDefaultAsync(r => r.ManageToken == token, t);
                if (rsvp is null)
                {
                    return ManageResult.Missing;
                }

                var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == rsvp.ScreeningId, t);
                if (screening.Status == ScreeningStatus.Cancelled)
                {
                    return ManageResult.Refused(l["This screening was cancelled; there is nothing to change."]);
                }

                return await change(rsvp, screening, t);
            }, ct);
        }
        catch (DomainException ex)
        {
            return ManageResult.Refused(l[ex.Message]);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ManageResult.Refused(l["Your RSVP changed at the same moment somewhere else. Check it below and try again."]);
        }
    }


}
