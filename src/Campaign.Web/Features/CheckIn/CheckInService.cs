using System.Globalization;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Tickets;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.CheckIn;

/// <summary>
/// The door: one place that turns a scan into a named outcome and an audit row (after pretix's perform_checkin).
/// A ticket is admitted once: the check-in is a conditional UPDATE on the ticket's version, so of many scanners (and
/// app instances) scanning one ticket at once exactly one wins and the others see "already checked in".
/// </summary>
public sealed class CheckInService(CampaignDbContext db, TicketKeys keys, TicketBook book, TimeProvider clock, IStringLocalizer<CheckInService> l)
{
    private const int Attempts = 5;

    public async Task<ScanResult> ScanAsync(Screening screening, DoorActor actor, ScanRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(request);
        var door = Door(actor, request.Door);
        // One connection for the whole scan (the request's scope closes it), instead of one open, with its PRAGMAs, per query.
        await db.Database.OpenConnectionAsync(ct);
        return await RetryingAsync(async attempt =>
        {
            // A re-sent scan id is rare: the unique index (ScreeningId, ScanId) refuses the second insert, and the retry
            // answers with what was recorded, so the common path needs no lookup first.
            if (attempt > 1 && request.ScanId is { } scanId && await RecordedAsync(screening, scanId, ct) is { } again)
            {
                return again;
            }

            // A genuine ticket costs two round trips: its read (with the counts) and one SaveChanges (audit row + conditional UPDATE).
            var (outcome, ticket, counts) = await VerdictAsync(screening, request.Code, door, ct);
            db.CheckInScans.Add(CheckInScan.Record(screening.Id, ticket?.Id, request.ScanId, actor.UserId, actor.Door?.Id, door,
                Outcomes.Name(outcome), Now, request.ScannedAt?.UtcDateTime, request.DecidedOffline));
            await db.SaveChangesAsync(ct);
            return Result(screening, outcome, ticket, counts ?? await CountsAsync(screening.Id, ct));
        });
    }

    /// <summary>Check-in by button from the name search: one ticket or a whole party. Each ticket gets its own outcome.</summary>
    public async Task<IReadOnlyList<ScanResult>> ManualAsync(Screening screening, DoorActor actor, IReadOnlyList<Guid> ticketIds, string? doorName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(ticketIds);
        var results = new List<ScanResult>();
        foreach (var id in ticketIds.Distinct().Take(50))
        {
            results.Add(await ManualOneAsync(screening, actor, id, Door(actor, doorName), ct));
        }

        return results;
    }

    /// <summary>How long a door link may take back an admission it made itself (the host and co-hosts: any, any time).</summary>
    public static readonly TimeSpan DoorUndoWindow = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Takes a check-in back; the audit keeps both the scan and the undo. A door link may take back only an admission made
    /// with that same link, within <see cref="DoorUndoWindow"/>; the refusal's reason comes back instead of a result.
    /// </summary>
    public Task<(ScanResult? Result, string? Refused)> UndoAsync(Screening screening, DoorActor actor, Guid ticketId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(actor);
        return RetryingAsync<(ScanResult?, string?)>(async _ =>
        {
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Id == ticketId && t.ScreeningId == screening.Id, ct);
            if (ticket is null)
            {
                return (null, null);
            }

            if (actor.IsDoorHelper && ticket.CheckedInAtUtc is not null)
            {
                var admission = await db.CheckInScans.AsNoTracking()
                    .Where(s => s.TicketId == ticket.Id && CheckInScan.Admissions.Contains(s.Outcome))
                    .OrderByDescending(s => s.RecordedAtUtc).FirstOrDefaultAsync(ct);
                if (admission?.DoorLinkId != actor.Door!.Id)
                {
                    return (null, l["A door link can take back only the check-ins made with it. Ask the host."].Value);
                }

                if (Now - admission.RecordedAtUtc > DoorUndoWindow)
                {
                    return (null, l["A door link can take a check-in back for 5 minutes only. Ask the host."].Value);
                }
            }

            if (ticket.UndoCheckIn())
            {
                db.CheckInScans.Add(CheckInScan.Record(screening.Id, ticket.Id, null, actor.UserId, actor.Door?.Id, null, Outcomes.Undone, Now, null));
            }

            await db.SaveChangesAsync(ct);
            var counts = await CountsAsync(screening.Id, ct);
            return (new ScanResult(Outcomes.Undone, l["Check-in taken back: {0} is not in.", book.Holder(ticket)], book.Holder(ticket), ticket.Id, null, null, null, counts), null);
        });
    }

    /// <summary>
    /// A scan decided offline with a door link that was revoked or has expired since: nobody is admitted, but the audit
    /// keeps it so the host sees it among the conflicts.
    /// </summary>
    public async Task RecordClosedDoorAsync(Screening screening, DoorLink link, ScanRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(request);
        var payload = await keys.VerifyAsync(request.Code, ct);
        var nonce = payload?.ScreeningId == screening.Id ? payload.NonceText : null;
        var ticketId = nonce is null ? null : await db.Tickets.Where(t => t.Nonce == nonce).Select(t => (Guid?)t.Id).SingleOrDefaultAsync(ct);
        db.CheckInScans.Add(CheckInScan.Record(screening.Id, ticketId, request.ScanId, null, link.Id, Door(new DoorActor(ScreeningRole.DoorHelper, null, link), request.Door),
            Outcomes.DoorClosed, Now, request.ScannedAt?.UtcDateTime, decidedOffline: true));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Sent before (same scan id): recorded once.
        }
    }

    /// <summary>
    /// What a door phone keeps to decide without the server: the public keys, the nonces that no longer admit (cancelled
    /// and released tickets, and deleted ones' tombstones), the revision, and when the door closes. No names, no place.
    /// </summary>
    public async Task<DoorPackage> PackageAsync(Screening screening, DoorActor actor, DateTime doorExpiresAtUtc, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(actor);
        // The revision is read before the list: a cancellation committed in between is in the list under the older
        // revision, so the phone fetches once more; never a list older than its revision.
        var counts = await CountsAsync(screening.Id, ct);
        var current = await db.Screenings.AsNoTracking().Where(s => s.Id == screening.Id)
            .Select(s => new { s.Status, s.EndUtc, s.StartUtc, s.TimeZoneId }).SingleAsync(ct);
        var revoked = await db.Tickets.AsNoTracking().Where(t => t.ScreeningId == screening.Id && t.Status == TicketStatus.Cancelled).Select(t => t.Nonce)
            .Concat(db.TicketTombstones.AsNoTracking().Where(t => t.ScreeningId == screening.Id).Select(t => t.Nonce))
            .ToListAsync(ct);
        var publicKeys = await keys.PublicKeysAsync(screening.Id, ct);
        return new DoorPackage(
            screening.Id,
            screening.Slug,
            counts.Revision,
            current.Status == ScreeningStatus.Cancelled,
            DateTime.SpecifyKind(current.StartUtc, DateTimeKind.Utc),
            DateTime.SpecifyKind(current.EndUtc, DateTimeKind.Utc),
            DateTime.SpecifyKind(doorExpiresAtUtc, DateTimeKind.Utc),
            actor.Door?.Name,
            [.. publicKeys.Select(DoorKey.Of)],
            [.. revoked.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            counts);
    }

    /// <summary>
    /// Offline scans the server refused (the ticket was cancelled meanwhile, admitted first at another door, the code was
    /// not genuine, the door link was closed): for the host's guest list, with the admission that won where there is one.
    /// </summary>
    public async Task<IReadOnlyList<DoorConflict>> ConflictsAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var refused = await db.CheckInScans.AsNoTracking()
            .Where(s => s.ScreeningId == screening.Id && s.DecidedOffline && !CheckInScan.Admissions.Contains(s.Outcome))
            .OrderBy(s => s.RecordedAtUtc).Take(500).ToListAsync(ct);
        var ticketIds = refused.Where(s => s.TicketId is not null).Select(s => s.TicketId!.Value).Distinct().ToList();
        var tickets = await db.Tickets.AsNoTracking().Where(t => ticketIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var winners = await db.CheckInScans.AsNoTracking()
            .Where(s => s.TicketId != null && ticketIds.Contains(s.TicketId.Value) && CheckInScan.Admissions.Contains(s.Outcome))
            .ToListAsync(ct);
        string Time(DateTime? utc) => utc is { } at ? ZoneClock.FormatTime(at, screening.TimeZoneId, CultureInfo.CurrentCulture) : "";
        return [.. refused.Select(s =>
        {
            var ticket = s.TicketId is { } id && tickets.TryGetValue(id, out var t) ? t : null;
            var won = winners.Where(w => w.TicketId == s.TicketId).OrderBy(w => w.RecordedAtUtc).FirstOrDefault();
            return new DoorConflict(
                ticket is null ? s.WalkInName is { } walkIn ? l.Plural(s.WalkInParty ?? 1, "{0} (walk-in)", "{0} (walk-in, party of {1})", walkIn, s.WalkInParty ?? 1).Value : null : book.Holder(ticket),
                Time(s.ScannedAtUtc ?? s.RecordedAtUtc),
                s.Door,
                s.Outcome == Outcomes.AlreadyCheckedIn && ticket?.CheckedInAtUtc is { } at ? Time(won?.ScannedAtUtc ?? at) : null,
                s.Outcome == Outcomes.AlreadyCheckedIn ? ticket?.CheckedInDoor : null,
                s.Outcome);
        })];
    }

    /// <summary>Guests of the screening whose name matches, grouped by party, names only.</summary>
    public async Task<IReadOnlyList<PartyRow>> SearchAsync(Screening screening, string? query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var q = (query ?? "").Trim();
        var tickets = await db.Tickets.AsNoTracking()
            .Where(t => t.ScreeningId == screening.Id && t.Status == TicketStatus.Valid)
            .OrderBy(t => t.BookerName).ThenBy(t => t.RsvpId).ThenBy(t => t.Number)
            .ToListAsync(ct);
        return [.. tickets.GroupBy(t => t.RsvpId)
            .Select(g => g.ToList())
            .Where(party => q.Length == 0 || party.Any(t => Matches(book.Holder(t), q) || Matches(t.BookerName, q)))
            .Take(30)
            .Select(party => new PartyRow(party[0].BookerName, [.. party.Select(t => new TicketRow(
                t.Id,
                book.Holder(t),
                t.CheckedInAtUtc is not null,
                t.CheckedInAtUtc is { } at ? ZoneClock.FormatTime(at, screening.TimeZoneId, CultureInfo.CurrentCulture) : null))]))];
    }

    /// <summary>The live counts and the package revision, in one round trip.</summary>
    public async Task<Counts> CountsAsync(Guid screeningId, CancellationToken ct)
    {
        var counts = await db.Screenings.AsNoTracking().Where(s => s.Id == screeningId).Select(s => new
        {
            s.Version,
            Expected = db.Tickets.Count(t => t.ScreeningId == s.Id && t.Status == TicketStatus.Valid),
            In = db.Tickets.Count(t => t.ScreeningId == s.Id && t.Status == TicketStatus.Valid && t.CheckedInAtUtc != null),
            Revoked = db.Tickets.Count(t => t.ScreeningId == s.Id && t.Status == TicketStatus.Cancelled) + db.TicketTombstones.Count(t => t.ScreeningId == s.Id),
            Keys = db.TicketSigningKeys.Count() + db.TicketSigningKeys.Count(k => k.RevokedAtUtc != null),
        }).SingleOrDefaultAsync(ct);
        return new Counts(counts?.In ?? 0, counts?.Expected ?? 0, DoorPackage.RevisionOf(counts?.Version ?? 0, counts?.Revoked ?? 0, counts?.Keys ?? 0));
    }

    private Task<ScanResult> ManualOneAsync(Screening screening, DoorActor actor, Guid ticketId, string? door, CancellationToken ct) =>
        RetryingAsync(async _ =>
        {
            var found = await AtDoor(db.Tickets.Where(t => t.Id == ticketId)).SingleOrDefaultAsync(ct);
            var known = found?.Ticket.ScreeningId == screening.Id ? found : null;
            var outcome = found is null ? CheckInOutcome.Invalid
                : known is null ? CheckInOutcome.WrongScreening
                : Admit(known, door);
            db.CheckInScans.Add(CheckInScan.Record(screening.Id, known?.Ticket.Id, null, actor.UserId, actor.Door?.Id, door, "manual:" + Outcomes.Name(outcome), Now, null));
            await db.SaveChangesAsync(ct);
            return Result(screening, outcome, known?.Ticket, known is null ? await CountsAsync(screening.Id, ct) : CountsAfter(known, outcome));
        });

    /// <summary>
    /// Runs one attempt on a clean change tracker. A lost race — another scanner admitted the ticket first (its version
    /// changed), or this very scan arrived twice at once (unique scan id) — is tried again from a fresh read, which
    /// then answers "already checked in" or the first answer.
    /// </summary>
    private async Task<T> RetryingAsync<T>(Func<int, Task<T>> attempt)
    {
        for (var n = 1; ; n++)
        {
            db.ChangeTracker.Clear();
            try
            {
                return await attempt(n);
            }
            catch (DbUpdateException) when (n < Attempts)
            {
            }
        }
    }

    /// <summary>
    /// A ticket (tracked) read together with what its verdict needs, in one round trip: whether its screening is cancelled
    /// (read fresh, not from <see cref="DoorCache"/>) and the live counts before this scan.
    /// </summary>
    private sealed record TicketAtDoor(Ticket Ticket, bool ScreeningCancelled, int Expected, int In, int ScreeningVersion, int Revoked, int Keys);

    private IQueryable<TicketAtDoor> AtDoor(IQueryable<Ticket> tickets) => tickets.Select(t => new TicketAtDoor(
        t,
        db.Screenings.Any(s => s.Id == t.ScreeningId && s.Status == ScreeningStatus.Cancelled),
        db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Valid),
        db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Valid && o.CheckedInAtUtc != null),
        db.Screenings.Where(s => s.Id == t.ScreeningId).Select(s => s.Version).Single(),
        db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Cancelled) + db.TicketTombstones.Count(o => o.ScreeningId == t.ScreeningId),
        db.TicketSigningKeys.Count() + db.TicketSigningKeys.Count(k => k.RevokedAtUtc != null)));

    // AtDoor for a scanned code, compiled once: otherwise EF walks and hashes this expression on every scan to find its
    // cached plan (temporary stage timings: the read went from ~1.1 to ~0.7 ms at p50).
    private static readonly Func<CampaignDbContext, string, CancellationToken, Task<TicketAtDoor?>> TicketByNonce =
        EF.CompileAsyncQuery((CampaignDbContext db, string nonce, CancellationToken ct) => db.Tickets.Where(t => t.Nonce == nonce).Select(t => new TicketAtDoor(
            t,
            db.Screenings.Any(s => s.Id == t.ScreeningId && s.Status == ScreeningStatus.Cancelled),
            db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Valid),
            db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Valid && o.CheckedInAtUtc != null),
            db.Screenings.Where(s => s.Id == t.ScreeningId).Select(s => s.Version).Single(),
            db.Tickets.Count(o => o.ScreeningId == t.ScreeningId && o.Status == TicketStatus.Cancelled) + db.TicketTombstones.Count(o => o.ScreeningId == t.ScreeningId),
            db.TicketSigningKeys.Count() + db.TicketSigningKeys.Count(k => k.RevokedAtUtc != null))).SingleOrDefault());

    /// <summary>A cancelled screening admits nobody, whatever its tickets say; otherwise the ticket decides.</summary>
    private CheckInOutcome Admit(TicketAtDoor found, string? door) =>
        found.ScreeningCancelled ? CheckInOutcome.Cancelled : found.Ticket.CheckIn(Now, door);

    /// <summary>
    /// The counts read with the ticket, plus this admission. Other doors admitting at the same moment are not in them, as
    /// they would not be in a count read a millisecond after the commit either; the page's poll of /counts catches up.
    /// </summary>
    private static Counts CountsAfter(TicketAtDoor found, CheckInOutcome outcome) =>
        new(found.In + (outcome == CheckInOutcome.Admitted ? 1 : 0), found.Expected, DoorPackage.RevisionOf(found.ScreeningVersion, found.Revoked, found.Keys));

    /// <summary>
    /// Decides a code's outcome and, for a genuine ticket of this screening, applies the check-in (not yet saved) and
    /// works out the counts; null counts when there is no ticket to read them with.
    /// </summary>
    private async Task<(CheckInOutcome, Ticket?, Counts?)> VerdictAsync(Screening screening, string? code, string? door, CancellationToken ct)
    {
        var payload = await keys.VerifyAsync(code, ct);
        if (payload is null)
        {
            return (CheckInOutcome.Invalid, null, null);
        }

        if (payload.ScreeningId != screening.Id)
        {
            // A genuine ticket of another screening: its holder's name belongs to that screening's hosts.
            return (CheckInOutcome.WrongScreening, null, null);
        }

        var nonce = payload.NonceText;
        var found = await TicketByNonce(db, nonce, ct);
        if (found is null)
        {
            return (CheckInOutcome.Invalid, null, null);
        }

        var outcome = Admit(found, door);
        return (outcome, found.Ticket, CountsAfter(found, outcome));
    }

    private async Task<ScanResult?> RecordedAsync(Screening screening, string scanId, CancellationToken ct)
    {
        var scan = await db.CheckInScans.AsNoTracking().SingleOrDefaultAsync(s => s.ScreeningId == screening.Id && s.ScanId == scanId, ct);
        if (scan is null)
        {
            return null;
        }

        var ticket = scan.TicketId is { } id ? await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct) : null;
        var outcome = scan.Outcome switch
        {
            Outcomes.Admitted => CheckInOutcome.Admitted,
            Outcomes.AlreadyCheckedIn => CheckInOutcome.AlreadyCheckedIn,
            Outcomes.Cancelled => CheckInOutcome.Cancelled,
            Outcomes.WrongScreening => CheckInOutcome.WrongScreening,
            _ => CheckInOutcome.Invalid,
        };
        return Result(screening, outcome, ticket, await CountsAsync(screening.Id, ct));
    }

    private ScanResult Result(Screening screening, CheckInOutcome outcome, Ticket? ticket, Counts counts)
    {
        var name = ticket is null ? null : book.Holder(ticket);
        var at = ticket?.CheckedInAtUtc is { } utc ? ZoneClock.FormatTime(utc, screening.TimeZoneId, CultureInfo.CurrentCulture) : null;
        var message = outcome switch
        {
            CheckInOutcome.Admitted => l["Welcome, {0}!", name ?? ""].Value,
            CheckInOutcome.AlreadyCheckedIn => ticket?.CheckedInDoor is { } d
                ? l["Already checked in at {0} ({1}).", at ?? "", d].Value
                : l["Already checked in at {0}.", at ?? ""].Value,
            CheckInOutcome.Cancelled => l["This ticket was cancelled."].Value,
            CheckInOutcome.WrongScreening => l["This is a ticket for another screening."].Value,
            _ => l["Not a valid ticket."].Value,
        };
        return new ScanResult(
            Outcomes.Name(outcome),
            message,
            name,
            ticket?.Id,
            ticket?.CheckedInAtUtc is { } when ? DateTime.SpecifyKind(when, DateTimeKind.Utc) : null,
            at,
            ticket?.CheckedInDoor,
            counts);
    }

    /// <summary>A door link scans as its own name unless the phone names a door.</summary>
    private static string? Door(DoorActor actor, string? requested) =>
        string.IsNullOrWhiteSpace(requested) ? actor.Door?.Name : requested;

    private static bool Matches(string name, string query) =>
        name.Contains(query, StringComparison.CurrentCultureIgnoreCase);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
