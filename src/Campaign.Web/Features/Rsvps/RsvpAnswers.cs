using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
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

/// <param name="Outcome">How the answer ended.</param>
/// <param name="Context">The form's context when it is shown again.</param>
/// <param name="OwnManageToken">
/// Set only when the answer came through a personal invitation with that invitation's own address: then the guest may
/// see where they stand at once. Null for every other accepted answer, which all look the same.
/// </param>
public sealed record AnswerResult(AnswerOutcome Outcome, RsvpFormContext? Context, string? OwnManageToken = null);

/// <summary>The public form and its answers: checked, then a new yes built before the write lock, everything else in one transaction.</summary>
public sealed partial class RsvpAnswers(
    CampaignDbContext db,
    MailOutbox outbox,
    RsvpMails mails,
    HostMails host,
    RsvpChecks checks,
    TicketBook tickets,
    CalendarEntries calendar,
    TimeProvider clock,
    ILogger<RsvpAnswers> logger,
    IStringLocalizer<RsvpAnswers> l)
{
    /// <summary>"You already answered" goes out at most once in this window per address and screening, so the form cannot flood an inbox.</summary>
    public static readonly TimeSpan AlreadyAnsweredMailEvery = TimeSpan.FromMinutes(10);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>What the form shows, or null when guests cannot see the screening at all (rejected, unpublished, host suspended).</summary>
    /// <param name="screening">The screening.</param>
    /// <param name="guestDiscreet">The form is for someone who chose discreet mode (a discreet invitation): neutral title, no content note.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<RsvpFormContext?> FormContextAsync(Screening screening, bool guestDiscreet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return await checks.IsHiddenAsync(screening, ct) ? null : await VisibleContextAsync(screening, guestDiscreet, ct);
    }

    private async Task<RsvpFormContext> VisibleContextAsync(Screening screening, bool guestDiscreet, CancellationToken ct)
    {
        // Read fresh: seats are counted by conditional updates, the entity may be older.
        var seats = new SeatsShown(screening.Capacity, await SeatLedger.SeatsTakenAsync(db, screening.Id, ct), screening.ShowSeatsLeft);
        var discreet = screening.IsDiscreetFor(guestDiscreet);
        return new RsvpFormContext(
            screening.Slug,
            screening.TitleFor(guestDiscreet),
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            checks.ClosedReason(screening, Now) is null,
            checks.ClosedReason(screening, Now),
            seats.Availability == SeatAvailability.Full,
            seats,
            screening.MaxPlusOnes,
            discreet ? null : screening.ContentNote,
            ZoneClock.Format(screening.AnswerDeadlineUtc, screening.TimeZoneId, CultureInfo.CurrentCulture))
        {
            Discreet = discreet,
            ScreeningDiscreet = screening.IsDiscreet,
            HasContentNote = !string.IsNullOrWhiteSpace(screening.ContentNote),
        };
    }

    /// <summary>The screening by slug when guests may see it, else null.</summary>
    public async Task<Screening?> VisibleScreeningAsync(string slug, CancellationToken ct)
    {
        var screening = await db.Screenings.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, ct);
        return screening is null || await checks.IsHiddenAsync(screening, ct) ? null : screening;
    }

    /// <summary>
    /// An empty form; a personal invitation link for this screening fills in the name and address the host typed, and
    /// the invitation mail's "Going" / "Can't go" (<paramref name="answer"/> "yes" or "no") the answer. Nothing is stored.
    /// </summary>
    public async Task<RsvpForm> NewFormAsync(Screening screening, string? inviteToken, CancellationToken ct, string? answer = null)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var form = new RsvpForm { Attending = answer != "no" };
        if (SecretTokens.LooksValid(inviteToken))
        {
            var invitation = await db.Invitations.AsNoTracking()
                .SingleOrDefaultAsync(i => i.Token == inviteToken && i.ScreeningId == screening.Id, ct);
            if (invitation is not null)
            {
                form.Email = invitation.Email;
                form.Name = invitation.Name ?? "";
                form.InviteToken = invitation.Token;
                form.Discreet = invitation.IsDiscreet;
            }
        }

        return form;
    }


    /// <summary>
    /// Takes an answer from the public form. Every accepted answer looks the same to the sender: a new address is
    /// stored and mailed; an address that already answered changes nothing and is mailed its own link; a blocked
    /// address ("this wasn't me") gets nothing.
    /// </summary>
    public async Task<AnswerResult> AnswerAsync(string slug, RsvpForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        // One connection for every read and write of this answer (EF would otherwise open one per query).
        await db.Database.OpenConnectionAsync(ct);
        var screening = await ScreeningBySlug(db, slug, ct);
        if (screening is null || await checks.IsHiddenAsync(screening, ct))
        {
            return new AnswerResult(AnswerOutcome.NotFound, null);
        }

        if (checks.ClosedReason(screening, Now) is { } closed)
        {
            errors.AddModelError("", closed);
            return new AnswerResult(AnswerOutcome.Closed, await VisibleContextAsync(screening, form.Discreet, ct));
        }

        var answer = Check(form, screening, errors);
        if (answer is null)
        {
            return new AnswerResult(AnswerOutcome.Invalid, await VisibleContextAsync(screening, form.Discreet, ct));
        }

        (AnswerOutcome Outcome, string? Own) outcome;
        try
        {
            outcome = await TryConfirmNewAnswerAsync(screening, answer, ct) is { } own
                ? (AnswerOutcome.Accepted, own.Length == 0 ? null : own)
                : await db.InTransactionAsync(t => AnswerInTransactionAsync(screening.Id, answer, t), ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two first answers from one address at the same moment: the unique index (ScreeningId, EmailKey) let one
            // in. This one is "already answered"; the second pass finds the stored row and mails its owner.
            logger.LogInformation("A concurrent first answer for one address was treated as already answered.");
            outcome = await db.InTransactionAsync(t => AnswerInTransactionAsync(screening.Id, answer, t), ct);
        }

        if (outcome.Outcome == AnswerOutcome.Closed)
        {
            // Cancelled between the first look and the transaction.
            errors.AddModelError("", l["This screening no longer takes RSVPs."]);
            return new AnswerResult(outcome.Outcome, await VisibleContextAsync(screening, form.Discreet, ct));
        }

        return new AnswerResult(outcome.Outcome, null, outcome.Own);
    }

    /// <summary>
    /// The common answer, a new address saying yes: its reads, tickets (signed codes) and mail are done before the
    /// write transaction, which then holds SQLite's single write lock only for the seat update and the inserts. False
    /// (nothing written) when the answer is not a new yes, or the seats were not there at that moment: the caller's
    /// transaction then starts from a clear change tracker and decides from fresh reads (waitlist, closed, already
    /// answered). A concurrent first answer from the same address is stopped by the unique index and surfaces as
    /// <see cref="DbUpdateException"/>.
    /// Returns null when nothing was written; otherwise the manage token when the answer used its own invitation's
    /// address, or "" when it did not.
    /// </summary>
    private async Task<string?> TryConfirmNewAnswerAsync(Screening screening, Answer answer, CancellationToken ct)
    {
        var key = EmailKey.Of(answer.Email);
        if (!answer.Attending || await checks.IsBlockedAsync(screening.Id, key, ct) || await HasAnswered(db, screening.Id, key, ct))
        {
            return null;
        }

        var now = Now;
        var own = await AddNewAnswerAsync(screening, answer, RsvpStatus.Confirmed, now, ct);
        var attempts = 0;
        // The answer built above is what the transaction saves: the tracker is not cleared first.
        var confirmed = await db.InTransactionAsync(async t =>
        {
            // After a transient failure (SQL Server), the regular path starts again from fresh reads.
            if (attempts++ > 0)
            {
                return false;
            }

            if (!await SeatLedger.TryTakeWhileOpenAsync(db, screening.Id, answer.PartySize, now, t))
            {
                return false;
            }

            await db.SaveChangesAsync(t);
            return true;
        }, clearTrackerFirst: false, ct);
        // Saved or not, nothing of this answer stays tracked for the caller. (A failed save throws; the caller's next
        // step is the regular transaction, which starts from a clear tracker.)
        db.ChangeTracker.Clear();
        return confirmed ? own ?? "" : null;
    }

    // The answer's hot reads, compiled once (EF otherwise rebuilds each query's cache key on every call).
    private static readonly Func<CampaignDbContext, string, CancellationToken, Task<Screening?>> ScreeningBySlug =
        EF.CompileAsyncQuery((CampaignDbContext db, string slug, CancellationToken ct) => db.Screenings.AsNoTracking().SingleOrDefault(s => s.Slug == slug));

    private static readonly Func<CampaignDbContext, Guid, string, CancellationToken, Task<bool>> HasAnswered =
        EF.CompileAsyncQuery((CampaignDbContext db, Guid screeningId, string key, CancellationToken ct) => db.Rsvps.Any(r => r.ScreeningId == screeningId && r.EmailKey == key));

    private async Task<(AnswerOutcome, string?)> AnswerInTransactionAsync(Guid screeningId, Answer answer, CancellationToken ct)
    {
        var now = Now;
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
        if (checks.ClosedReason(screening, now) is not null)
        {
            return (AnswerOutcome.Closed, null);
        }

        var key = EmailKey.Of(answer.Email);
        if (await checks.IsBlockedAsync(screeningId, key, ct))
        {
            return (AnswerOutcome.Accepted, null);
        }

        var existing = await db.Rsvps.SingleOrDefaultAsync(r => r.ScreeningId == screeningId && r.EmailKey == key, ct);
        if (existing is not null)
        {
            if (await InvitationAsync(screeningId, answer.InviteToken, ct) is { } invitation && IsOwnAddress(invitation, key))
            {
                // The invitation's own address answering again: its holder sees their answer on the next page, and
                // nothing is mailed. Any other address gets the page every answer gets.
                return (AnswerOutcome.Accepted, existing.ManageToken);
            }

            await TellAlreadyAnsweredAsync(existing, screening, answer.Discreet, ct);
            return (AnswerOutcome.Accepted, null);
        }

        var status = !answer.Attending
            ? RsvpStatus.Declined
            : await SeatLedger.TryTakeAsync(db, screeningId, answer.PartySize, ct) ? RsvpStatus.Confirmed : RsvpStatus.Waitlisted;
        var own = await AddNewAnswerAsync(screening, answer, status, now, ct);
        await db.SaveChangesAsync(ct);
        return (AnswerOutcome.Accepted, own);
    }

    /// <summary>
    /// Mails an address that answered before its own link ("you already answered"), at most once in
    /// <see cref="AlreadyAnsweredMailEvery"/>, and saves. The RSVP form and the walk-in form both answer a second try this way.
    /// </summary>
    public async Task TellAlreadyAnsweredAsync(Rsvp existing, Screening screening, bool discreet, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(screening);
        if (!existing.HasAddress)
        {
            return;
        }

        var since = Now - AlreadyAnsweredMailEvery;
        var recentlyTold = await db.OutboxMessages.AnyAsync(m =>
            m.ScreeningId == screening.Id && m.Kind == MailKinds.AlreadyAnswered && m.ToAddress == existing.Email && m.CreatedAtUtc > since, ct);
        if (!recentlyTold)
        {
            outbox.Add(mails.AlreadyAnswered(existing, screening, discreet), MailKinds.AlreadyAnswered, screening.Id);
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<Invitation?> InvitationAsync(Guid screeningId, string? token, CancellationToken ct) =>
        SecretTokens.LooksValid(token)
            ? await db.Invitations.SingleOrDefaultAsync(i => i.Token == token && i.ScreeningId == screeningId, ct)
            : null;

    /// <summary>The one test for "this answer is the invitation's own address" (the address it was sent to).</summary>
    private static bool IsOwnAddress(Invitation invitation, string emailKey) =>
        string.Equals(invitation.EmailKey, emailKey, StringComparison.Ordinal);

    /// <summary>
    /// Adds (not saves) a new address's answer with its status: the RSVP, its tickets when confirmed, the invitation it
    /// answers, and its mail (with the calendar invitation when confirmed). Returns the manage token when the answer
    /// used its invitation's own address, else null.
    /// </summary>
    private async Task<string?> AddNewAnswerAsync(Screening screening, Answer answer, RsvpStatus status, DateTime now, CancellationToken ct)
    {
        var invitation = await InvitationAsync(screening.Id, answer.InviteToken, ct);
        var rsvp = Rsvp.Create(screening.Id, answer.Name, answer.Email, answer.PartySize, answer.GuestNames, status, SecretTokens.New(), invitation?.Id, now,
            discreet: answer.Discreet || invitation?.IsDiscreet == true);
        db.Rsvps.Add(rsvp);
        invitation?.MarkAnswered(yes: status != RsvpStatus.Declined);
        var held = await tickets.SyncAsync(rsvp, ct);
        var (mail, kind) = status switch
        {
            RsvpStatus.Confirmed => (mails.Confirmed(rsvp, screening, held).With(await calendar.InvitationAsync(rsvp, screening, ct)), MailKinds.Confirmed),
            RsvpStatus.Waitlisted => (mails.Waitlisted(rsvp, screening), MailKinds.Waitlisted),
            _ => (mails.Declined(rsvp, screening), MailKinds.Declined),
        };
        outbox.Add(mail, kind, screening.Id);
        // The host's "someone answered" (when they chose a mail for each answer) commits with the answer itself.
        await host.QueueAnswerAsync(screening, rsvp, ct);
        return invitation is not null && IsOwnAddress(invitation, rsvp.EmailKey) ? rsvp.ManageToken : null;
    }

    private Answer? Check(RsvpForm form, Screening screening, ModelStateDictionary errors)
    {
        var name = checks.CheckName(form.Name, nameof(form.Name), l["Give your name."], errors);

        var email = (form.Email ?? "").Trim();
        if (errors.GetFieldValidationState(nameof(form.Email)) != ModelValidationState.Invalid && !EmailAddress.TryParse(email, out _))
        {
            errors.AddModelError(nameof(form.Email), l["Give a valid e-mail address, like name@example.org."]);
        }

        (int Size, List<string> Names)? party = (1, []);
        if (form.Attending)
        {
            party = checks.CheckParty(form.PartySize, form.GuestNames, screening, errors);
        }
        else
        {
            // Party size and guest names mean nothing for "can't make it"; a stray value must not block the answer.
            foreach (var key in errors.Keys.Where(k => k == nameof(form.PartySize) || k.StartsWith(nameof(form.GuestNames), StringComparison.Ordinal)).ToList())
            {
                errors.Remove(key);
            }
        }

        if (!errors.IsValid || party is null)
        {
            return null;
        }

        return new Answer(name, email, form.Attending, party.Value.Size, party.Value.Names, form.InviteToken, form.Discreet);
    }

    private sealed record Answer(string Name, string Email, bool Attending, int PartySize, List<string> GuestNames, string? InviteToken, bool Discreet);
}
