using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.WalkIns;

/// <summary>How a walk-in ended.</summary>
public enum WalkInOutcome
{
    /// <summary>No such poster (or the screening is hidden from guests): 404.</summary>
    NotFound,

    /// <summary>Cancelled, over, or before the window: the page says which (<see cref="WalkInDesk.ClosedReason"/>).</summary>
    Closed,

    /// <summary>The form has errors beside its fields.</summary>
    Invalid,

    /// <summary>No seats, and no waitlist to join (closed, or no address given).</summary>
    Full,

    /// <summary>Seated without an address: the tickets are shown on screen (<see cref="WalkInResult.ManageToken"/>).</summary>
    Seated,

    /// <summary>An address was given: the same neutral page whatever happened (seated, waitlisted, answered before).</summary>
    Sent,
}

/// <param name="Screening">The poster's screening (null only for <see cref="WalkInOutcome.NotFound"/>), for the page shown again.</param>
public sealed record WalkInResult(WalkInOutcome Outcome, Screening? Screening = null, string? ManageToken = null);

/// <summary>What "Add walk-in" on a door scanner came to.</summary>
public enum DoorWalkInOutcome
{
    /// <summary>Seats taken, every ticket of the party admitted.</summary>
    Admitted,

    /// <summary>Not enough seats left: nobody seated.</summary>
    Full,

    /// <summary>The screening no longer takes walk-ins (cancelled or over) or does not yet.</summary>
    Closed,
}

/// <param name="Name">The booker's name as cleaned.</param>
/// <param name="Tickets">The admitted tickets (empty unless admitted).</param>
/// <param name="Reason">Why, when <see cref="DoorWalkInOutcome.Closed"/>.</param>
public sealed record DoorWalkInResult(DoorWalkInOutcome Outcome, string Name, IReadOnlyList<Ticket> Tickets, string? Reason = null);

/// <summary>A walk-in added on a door scanner: who scanned it and the device's id for it (a re-send is answered the same).</summary>
public sealed record DoorWalkIn(string Name, int PartySize, string? ScanId, DateTime? ScannedAtUtc, string? UserId, Guid? DoorLinkId, string? Door, bool DecidedOffline);

/// <summary>
/// Walk-ins (decisions/0025): people who turn up without an RSVP, through the door poster's form on their own phone or
/// added on a door scanner. Seats come from the seat ledger while <see cref="Screening.TakesWalkIns"/>; the RSVP privacy
/// rule holds for an address given on the poster form.
/// </summary>
public sealed class WalkInDesk(
    CampaignDbContext db,
    MailOutbox outbox,
    RsvpMails mails,
    RsvpAnswers answers,
    RsvpChecks checks,
    TicketBook tickets,
    CalendarEntries calendar,
    TimeProvider clock,
    ILogger<WalkInDesk> logger,
    IStringLocalizer<WalkInDesk> l)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The screening whose poster this is, when guests may see it; null otherwise (the caller answers 404).</summary>
    public async Task<Screening?> ByPosterAsync(string? token, CancellationToken ct)
    {
        if (token is not { Length: Screening.WalkInTokenLength } || !token.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleOrDefaultAsync(s => s.WalkInToken == token, ct);
        return screening is null || await checks.IsHiddenAsync(screening, ct) ? null : screening;
    }

    /// <summary>Why the screening takes no walk-ins now, in words for the guest or the door, or null when it does.</summary>
    public string? ClosedReason(Screening screening, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return screening.WalkInsClosedAt(nowUtc) switch
        {
            WalkInsClosed.Cancelled => l["This screening was cancelled, so it takes no walk-ins."].Value,
            WalkInsClosed.Over => l["This screening has ended, so it takes no more walk-ins."].Value,
            WalkInsClosed.NotYet => l["Walk-ins open an hour before the start, at {0}. Come back then, or RSVP on the screening's page.",
                ZoneClock.Format(screening.StartUtc - Screening.WalkInsOpenBefore, screening.TimeZoneId, CultureInfo.CurrentCulture)].Value,
            _ => null,
        };
    }

    /// <summary>What the form shows for the screening now.</summary>
    public async Task<WalkInPage> PageAsync(Screening screening, WalkInForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var now = Now;
        var seats = new SeatsShown(screening.Capacity, await SeatLedger.SeatsTakenAsync(db, screening.Id, ct), screening.ShowSeatsLeft);
        return new WalkInPage(
            screening.WalkInToken,
            screening.Slug,
            screening.TitleFor(form.Discreet),
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            ClosedReason(screening, now),
            seats,
            1 + screening.MaxPlusOnes,
            screening.TakesAnswers(now),
            screening.IsDiscreetFor(form.Discreet),
            form);
    }

    /// <summary>
    /// Takes the poster form. Without an address: seated (tickets on screen) or "Full". With one, every outcome shows the
    /// same page and the mail says what happened: seated, on the waitlist (while RSVPs are open), or — for an address that
    /// answered before — its own link again, with no second seat. A blocked address gets nothing.
    /// </summary>
    public async Task<WalkInResult> FromPosterAsync(string token, WalkInForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        var screening = await ByPosterAsync(token, ct);
        if (screening is null)
        {
            return new WalkInResult(WalkInOutcome.NotFound);
        }

        if (screening.WalkInsClosedAt(Now) is not null)
        {
            return new WalkInResult(WalkInOutcome.Closed, screening);
        }

        var answer = Check(form, screening, errors);
        if (answer is null)
        {
            return new WalkInResult(WalkInOutcome.Invalid, screening);
        }

        await db.Database.OpenConnectionAsync(ct);
        WalkInResult result;
        try
        {
            result = await db.InTransactionAsync(t => PosterInTransactionAsync(screening.Id, answer, t), ct);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && answer.Email is not null)
        {
            // The same address twice at the same moment: the unique index let one in; this one is "answered before".
            logger.LogInformation("A concurrent walk-in for one address was treated as already answered.");
            result = await db.InTransactionAsync(t => PosterInTransactionAsync(screening.Id, answer, t), ct);
        }

        return result with { Screening = screening };
    }

    private async Task<WalkInResult> PosterInTransactionAsync(Guid screeningId, PosterAnswer answer, CancellationToken ct)
    {
        var now = Now;
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
        if (screening.WalkInsClosedAt(now) is not null)
        {
            return new WalkInResult(WalkInOutcome.Closed);
        }

        var waitlistOpen = screening.TakesAnswers(now);
        if (answer.Email is null)
        {
            if (!await SeatLedger.TryTakeForWalkInAsync(db, screeningId, answer.PartySize, now, ct))
            {
                return new WalkInResult(WalkInOutcome.Full);
            }

            var seated = Rsvp.CreateWalkIn(screeningId, answer.Name, null, answer.PartySize, RsvpStatus.Confirmed, SecretTokens.New(), RsvpSource.Poster, now, answer.Discreet);
            db.Rsvps.Add(seated);
            await tickets.SyncAsync(seated, ct);
            await db.SaveChangesAsync(ct);
            return new WalkInResult(WalkInOutcome.Seated, ManageToken: seated.ManageToken);
        }

        // Full with no waitlist to join says "Full" to everyone, whatever the address: it depends on the seats only, so
        // it tells nothing about who answered before.
        if (!waitlistOpen && screening.Capacity - await SeatLedger.SeatsTakenAsync(db, screeningId, ct) < answer.PartySize)
        {
            return new WalkInResult(WalkInOutcome.Full);
        }

        var key = EmailKey.Of(answer.Email);
        if (await checks.IsBlockedAsync(screeningId, key, ct))
        {
            return new WalkInResult(WalkInOutcome.Sent);
        }

        var existing = await db.Rsvps.SingleOrDefaultAsync(r => r.ScreeningId == screeningId && r.EmailKey == key, ct);
        if (existing is not null)
        {
            await answers.TellAlreadyAnsweredAsync(existing, screening, answer.Discreet, ct);
            return new WalkInResult(WalkInOutcome.Sent);
        }

        var status = await SeatLedger.TryTakeForWalkInAsync(db, screeningId, answer.PartySize, now, ct) ? RsvpStatus.Confirmed
            : waitlistOpen ? RsvpStatus.Waitlisted
            : (RsvpStatus?)null;
        if (status is null)
        {
            // The last seats went between the look above and now.
            return new WalkInResult(WalkInOutcome.Full);
        }

        var rsvp = Rsvp.CreateWalkIn(screeningId, answer.Name, answer.Email, answer.PartySize, status.Value, SecretTokens.New(), RsvpSource.Poster, now, answer.Discreet);
        db.Rsvps.Add(rsvp);
        var held = await tickets.SyncAsync(rsvp, ct);
        outbox.Add(status == RsvpStatus.Confirmed
            ? mails.Confirmed(rsvp, screening, held).With(await calendar.InvitationAsync(rsvp, screening, ct))
            : mails.Waitlisted(rsvp, screening),
            status == RsvpStatus.Confirmed ? MailKinds.Confirmed : MailKinds.Waitlisted, screeningId);
        await db.SaveChangesAsync(ct);
        return new WalkInResult(WalkInOutcome.Sent);
    }

    /// <summary>
    /// "Add walk-in" on a door scanner: takes the party's seats and admits every ticket at once, in one transaction, or
    /// takes nothing (full, or the screening takes no walk-ins). A re-sent request (same scan id) gets the first answer and
    /// seats nobody twice; a walk-in that got no seats is kept with its name for the host's conflicts.
    /// </summary>
    public async Task<DoorWalkInResult> AtDoorAsync(Screening screening, DoorWalkIn walkIn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(walkIn);
        await db.Database.OpenConnectionAsync(ct);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.InTransactionAsync(t => DoorInTransactionAsync(screening.Id, walkIn, t), ct);
            }
            catch (DbUpdateException) when (attempt < 3 && walkIn.ScanId is not null)
            {
                // The same walk-in sent twice at once: the unique scan id let one in; the next pass answers with it.
            }
        }
    }

    private async Task<DoorWalkInResult> DoorInTransactionAsync(Guid screeningId, DoorWalkIn walkIn, CancellationToken ct)
    {
        if (walkIn.ScanId is { } scanId && await RecordedAsync(screeningId, scanId, ct) is { } again)
        {
            return again;
        }

        var now = Now;
        if (!await SeatLedger.TryTakeForWalkInAsync(db, screeningId, walkIn.PartySize, now, ct))
        {
            var current = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
            var outcome = current.WalkInsClosedAt(now) is null ? DoorWalkInOutcome.Full : DoorWalkInOutcome.Closed;
            db.CheckInScans.Add(CheckInScan.RefusedWalkIn(screeningId, walkIn.ScanId, walkIn.UserId, walkIn.DoorLinkId, walkIn.Door,
                outcome == DoorWalkInOutcome.Full ? CheckInScan.WalkInFull : CheckInScan.WalkInClosed, walkIn.Name, walkIn.PartySize, now, walkIn.ScannedAtUtc, walkIn.DecidedOffline));
            await db.SaveChangesAsync(ct);
            return new DoorWalkInResult(outcome, walkIn.Name, [], ClosedReason(current, now));
        }

        var rsvp = Rsvp.CreateWalkIn(screeningId, walkIn.Name, null, walkIn.PartySize, RsvpStatus.Confirmed, SecretTokens.New(), RsvpSource.Door, now);
        db.Rsvps.Add(rsvp);
        var issued = await tickets.SyncAsync(rsvp, ct);
        for (var i = 0; i < issued.Count; i++)
        {
            issued[i].CheckIn(now, walkIn.Door);
            // The scan id goes on the first row only: it is what makes a re-send find this walk-in.
            db.CheckInScans.Add(CheckInScan.Record(screeningId, issued[i].Id, i == 0 ? walkIn.ScanId : null, walkIn.UserId, walkIn.DoorLinkId, walkIn.Door,
                CheckInScan.WalkInAdmitted, now, walkIn.ScannedAtUtc, walkIn.DecidedOffline));
        }

        await db.SaveChangesAsync(ct);
        return new DoorWalkInResult(DoorWalkInOutcome.Admitted, rsvp.Name, issued);
    }

    private async Task<DoorWalkInResult?> RecordedAsync(Guid screeningId, string scanId, CancellationToken ct)
    {
        var scan = await db.CheckInScans.AsNoTracking().SingleOrDefaultAsync(s => s.ScreeningId == screeningId && s.ScanId == scanId, ct);
        if (scan is null)
        {
            return null;
        }

        if (scan.Outcome is CheckInScan.WalkInFull or CheckInScan.WalkInClosed)
        {
            var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
            return new DoorWalkInResult(scan.Outcome == CheckInScan.WalkInFull ? DoorWalkInOutcome.Full : DoorWalkInOutcome.Closed, scan.WalkInName ?? "", [],
                ClosedReason(screening, scan.RecordedAtUtc));
        }

        var rsvpId = await db.Tickets.AsNoTracking().Where(t => t.Id == scan.TicketId).Select(t => (Guid?)t.RsvpId).SingleOrDefaultAsync(ct);
        var party = rsvpId is { } id ? await tickets.ValidAsync(id, ct) : [];
        return new DoorWalkInResult(DoorWalkInOutcome.Admitted, party.Count > 0 ? party[0].BookerName : "", party);
    }

    private PosterAnswer? Check(WalkInForm form, Screening screening, ModelStateDictionary errors)
    {
        var name = checks.CheckName(form.Name, nameof(form.Name), l["Give your name: the door looks for it."], errors);

        var email = (form.Email ?? "").Trim();
        if (email.Length > 0 && errors.GetFieldValidationState(nameof(form.Email)) != ModelValidationState.Invalid && !EmailAddress.TryParse(email, out _))
        {
            errors.AddModelError(nameof(form.Email), l["Give a valid e-mail address, like name@example.org, or leave it empty."]);
        }

        var party = PartySizeError(form.PartySize, screening);
        if (party is not null && errors.GetFieldValidationState(nameof(form.PartySize)) != ModelValidationState.Invalid)
        {
            errors.AddModelError(nameof(form.PartySize), party);
        }

        return errors.IsValid ? new PosterAnswer(name, email.Length == 0 ? null : email, form.PartySize, form.Discreet) : null;
    }

    /// <summary>Why a party size is not taken (1 to 1 + the screening's plus-ones, as for an RSVP), or null.</summary>
    public string? PartySizeError(int size, Screening screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var max = 1 + screening.MaxPlusOnes;
        return size >= 1 && size <= max ? null
            : max == 1 ? l["This screening takes one person per walk-in."].Value
            : l["Choose between 1 and {0} people.", max].Value;
    }

    private sealed record PosterAnswer(string Name, string? Email, int PartySize, bool Discreet);
}
