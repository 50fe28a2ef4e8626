using System.Globalization;
using System.Text.RegularExpressions;
using Campaign.Domain;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Screenings;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
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

public sealed record AnswerResult(AnswerOutcome Outcome, RsvpFormContext? Context);

/// <summary>
/// RSVPs without an account. Seats are taken with <see cref="SeatLedger"/> inside a transaction that also holds the
/// answer and its mail (one SaveChanges), so counts hold under concurrent requests and several instances.
/// </summary>
public sealed partial class RsvpService(
    CampaignDbContext db,
    MailOutbox outbox,
    RsvpMails mails,
    WaitlistPromoter promoter,
    TicketBook tickets,
    ScreeningService screenings,
    Campaign.Web.Features.Calendar.CalendarEntries calendar,
    TimeProvider clock,
    ILogger<RsvpService> logger,
    IStringLocalizer<RsvpService> l)
{
    /// <summary>"You already answered" goes out at most once in this window per address and screening, so the form cannot flood an inbox.</summary>
    public static readonly TimeSpan AlreadyAnsweredMailEvery = TimeSpan.FromMinutes(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Why answers are not taken now, or null when they are.</summary>
    public string? ClosedReason(Screening screening, DateTime nowUtc) =>
        screening.TakesAnswers(nowUtc)
            ? null
            : screening.Status == ScreeningStatus.Cancelled
                ? l["This screening was cancelled, so it no longer takes RSVPs."].Value
                : l["RSVPs for this screening are closed: the deadline has passed."].Value;

    /// <summary>What the form shows, or null when guests cannot see the screening at all (rejected, unpublished, host suspended).</summary>
    public async Task<RsvpFormContext?> FormContextAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return await IsHiddenAsync(screening, ct) ? null : await VisibleContextAsync(screening, ct);
    }

    private async Task<RsvpFormContext> VisibleContextAsync(Screening screening, CancellationToken ct)
    {
        var seatsLeft = Math.Max(0, screening.Capacity - await SeatLedger.SeatsTakenAsync(db, screening.Id, ct));
        return new RsvpFormContext(
            screening.Slug,
            screening.Title,
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            ClosedReason(screening, Now) is null,
            ClosedReason(screening, Now),
            seatsLeft == 0,
            seatsLeft,
            screening.MaxPlusOnes,
            screening.ContentNote,
            ZoneClock.Format(screening.AnswerDeadlineUtc, screening.TimeZoneId, CultureInfo.CurrentCulture));
    }

    /// <summary>An empty form; a personal invitation link for this screening fills in the address.</summary>
    public async Task<RsvpForm> NewFormAsync(Screening screening, string? inviteToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var form = new RsvpForm();
        if (SecretTokens.LooksValid(inviteToken))
        {
            var invitation = await db.Invitations.AsNoTracking()
                .SingleOrDefaultAsync(i => i.Token == inviteToken && i.ScreeningId == screening.Id, ct);
            if (invitation is not null)
            {
                form.Email = invitation.Email;
                form.InviteToken = invitation.Token;
            }
        }

        return form;
    }

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
        var closed = ClosedReason(screening, Now);
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
            screenings.PublicPlace(screening),
            closed is null,
            closed,
            await IsBlockedAsync(screening.Id, rsvp.EmailKey, ct),
            party);
    }

    /// <summary>Grows or shrinks the party: growing takes the extra seats atomically or refuses; shrinking frees seats and promotes the waitlist.</summary>
    public Task<ManageResult> ChangePartyAsync(string token, PartyForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        return ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (ClosedReason(screening, Now) is { } closed)
            {
                return ManageResult.Refused(closed);
            }

            var party = CheckParty(form.PartySize, form.GuestNames, screening, errors);
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
                    : l["Only {0} more seat(s) are free, so your party cannot grow to {1}. Your RSVP is unchanged.", left, party.Value.Size]);
            }

            var delta = rsvp.ChangeParty(party.Value.Size, party.Value.Names, now);
            if (delta < 0)
            {
                await SeatLedger.ReleaseAsync(db, screening.Id, -delta, t);
            }

            // A smaller waitlisted party may fit now; freed seats go to the waitlist in order.
            var held = await tickets.SyncAsync(rsvp, t);
            await promoter.PromoteAsync(screening, t);
            await QueueAsync(rsvp, screening, mails.Changed(rsvp, screening, l["Your party is now {0}.", rsvp.PartySize], held), MailKinds.Changed, t);
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
            await QueueAsync(rsvp, screening, hadSeats ? cancelled.With(await calendar.CancellationAsync(rsvp, screening, t)) : cancelled, MailKinds.Changed, t);
            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["Your RSVP is cancelled. Thank you for letting us know."]);
        }, ct);

    /// <summary>Comes back after cancelling or declining: seats if they fit, else the waitlist.</summary>
    public Task<ManageResult> ReconfirmAsync(string token, PartyForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        return ChangeAsync(token, async (rsvp, screening, t) =>
        {
            if (ClosedReason(screening, Now) is { } closed)
            {
                return ManageResult.Refused(closed);
            }

            var party = CheckParty(form.PartySize, form.GuestNames, screening, errors);
            if (party is null)
            {
                return ManageResult.Refused(l["Check the party size and names below."]);
            }

            var now = Now;
            var taken = await SeatLedger.TryTakeAsync(db, screening.Id, party.Value.Size, t);
            rsvp.Reconfirm(party.Value.Size, taken, now);
            rsvp.ChangeParty(party.Value.Size, party.Value.Names, now);
            var held = await tickets.SyncAsync(rsvp, t);
            var mail = taken
                ? mails.Confirmed(rsvp, screening, held, l["You're back on the guest list for this screening, with a party of {0}.", rsvp.PartySize]).With(await calendar.InvitationAsync(rsvp, screening, t))
                : mails.Waitlisted(rsvp, screening, l["The screening has no room for your party right now, so you are on the waitlist. If seats open up before the RSVP deadline, you get them automatically."]);
            await QueueAsync(rsvp, screening, mail, taken ? MailKinds.Confirmed : MailKinds.Waitlisted, t);
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

            if (!await IsBlockedAsync(screening.Id, rsvp.EmailKey, t))
            {
                db.ScreeningMailBlocks.Add(ScreeningMailBlock.For(screening.Id, rsvp.Email, Now));
            }

            await db.SaveChangesAsync(t);
            return ManageResult.Done(l["Done. The RSVP is cancelled and this address will get no more mail about this screening. Sorry for the trouble."]);
        }, ct);

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

    /// <summary>Every guest mail about a screening respects "this wasn't me" for that address.</summary>
    private async Task QueueAsync(Rsvp rsvp, Screening screening, OutgoingMail mail, string kind, CancellationToken ct)
    {
        if (!await IsBlockedAsync(screening.Id, rsvp.EmailKey, ct))
        {
            outbox.Add(mail, kind, screening.Id);
        }
    }

    private Task<bool> IsBlockedAsync(Guid screeningId, string emailKey, CancellationToken ct) =>
        db.IsMailBlockedAsync(screeningId, emailKey, ct);

    private async Task<bool> IsHiddenAsync(Screening screening, CancellationToken ct) =>
        screening.IsHiddenFromGuests(await screenings.IsHostSuspendedAsync(screening, ct));

    private (int Size, List<string> Names)? CheckParty(int size, List<string?>? names, Screening screening, ModelStateDictionary errors)
    {
        var max = 1 + screening.MaxPlusOnes;
        if (errors.GetFieldValidationState(nameof(PartyForm.PartySize)) != ModelValidationState.Invalid && (size < 1 || size > max))
        {
            errors.AddModelError(nameof(PartyForm.PartySize), max == 1
                ? l["This screening takes one person per RSVP."]
                : l["Choose between 1 and {0} people (you and up to {1} guests).", max, screening.MaxPlusOnes]);
        }

        var cleaned = new List<string>();
        for (var i = 0; i < Math.Min(Math.Max(size - 1, 0), names?.Count ?? 0); i++)
        {
            var guest = SingleLineText.Clean(names![i]);
            if (guest.Length > Rsvp.NameMaxLength)
            {
                errors.AddModelError($"{nameof(PartyForm.GuestNames)}[{i}]", l["A name can be at most {0} characters.", Rsvp.NameMaxLength]);
            }

            cleaned.Add(guest);
        }

        return errors.IsValid ? (size, cleaned) : null;
    }

}

/// <summary>Outbox kinds of the RSVP mails (hosts see failures by kind).</summary>
public static class MailKinds
{
    public const string Confirmed = "rsvp-confirmed";
    public const string Waitlisted = "rsvp-waitlisted";
    public const string Declined = "rsvp-declined";
    public const string AlreadyAnswered = "rsvp-already";
    public const string Changed = "rsvp-changed";
}
