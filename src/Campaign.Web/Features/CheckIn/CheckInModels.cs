using System.Text.Json.Serialization;

namespace Campaign.Web.Features.CheckIn;

/// <summary>A scan sent by a scanner page (or any client): <c>POST /api/checkin</c>.</summary>
public sealed class ScanRequest
{
    public string? Screening { get; set; }

    public string? Code { get; set; }

    /// <summary>The device's id for this scan; sending the same scan again is harmless.</summary>
    public string? ScanId { get; set; }

    /// <summary>When the device scanned (it may send later, after being offline).</summary>
    public DateTimeOffset? ScannedAt { get; set; }

    public string? Door { get; set; }

    /// <summary>True when the device got no answer in time, decided the scan itself and sends it now (kept on the audit row).</summary>
    public bool DecidedOffline { get; set; }
}

/// <summary>Manual check-in from the name search: one ticket or a whole party.</summary>
public sealed class ManualRequest
{
    public string? Screening { get; set; }

    public IReadOnlyList<Guid>? Tickets { get; set; }

    public string? Door { get; set; }

    public string? ScanId { get; set; }
}

/// <summary>"Add walk-in" on the scanner: someone without a ticket (or a phone), by name and party size.</summary>
public sealed class WalkInRequest
{
    public string? Screening { get; set; }

    public string? Name { get; set; }

    public int? PartySize { get; set; }

    /// <summary>The device's id for this walk-in; sending it again (after a timeout, or from the offline queue) seats nobody twice.</summary>
    public string? ScanId { get; set; }

    /// <summary>When the door added them (it may send later, after being offline).</summary>
    public DateTimeOffset? ScannedAt { get; set; }

    public string? Door { get; set; }

    /// <summary>True when the phone had no connection, let the party in and sends the walk-in now.</summary>
    public bool DecidedOffline { get; set; }
}

/// <summary>What came of a walk-in: admitted (with the tickets), or full / closed (nobody seated), and the live counts.</summary>
public sealed record WalkInResult(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("tickets")] IReadOnlyList<Guid> Tickets,
    [property: JsonPropertyName("counts")] Counts Counts);

/// <summary>A host or co-host takes a check-in back.</summary>
public sealed class UndoRequest
{
    public string? Screening { get; set; }

    public Guid? Ticket { get; set; }
}

/// <summary>
/// Live counts and the current check-in package revision (<see cref="DoorPackage"/>): a scanner holding an older
/// revision fetches the package again.
/// </summary>
public sealed record Counts(
    [property: JsonPropertyName("in")] int In,
    [property: JsonPropertyName("expected")] int Expected,
    [property: JsonPropertyName("revision")] string Revision);

/// <summary>The verdict a scanner shows: outcome, the holder's name where known, and the live counts.</summary>
public sealed record ScanResult(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("ticket")] Guid? Ticket,
    [property: JsonPropertyName("checkedInAt")] DateTime? CheckedInAt,
    [property: JsonPropertyName("checkedInAtLocal")] string? CheckedInAtLocal,
    [property: JsonPropertyName("door")] string? Door,
    [property: JsonPropertyName("counts")] Counts Counts);

/// <summary>One party in the door's name search: names only, never addresses.</summary>
public sealed record PartyRow(
    [property: JsonPropertyName("booker")] string Booker,
    [property: JsonPropertyName("tickets")] IReadOnlyList<TicketRow> Tickets);

public sealed record TicketRow(
    [property: JsonPropertyName("id")] Guid Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("checkedIn")] bool CheckedIn,
    [property: JsonPropertyName("checkedInAtLocal")] string? CheckedInAtLocal);

public static class Outcomes
{
    public const string Admitted = "admitted";
    public const string AlreadyCheckedIn = "already_checked_in";
    public const string Cancelled = "cancelled";
    public const string WrongScreening = "wrong_screening";
    public const string Invalid = "invalid";
    public const string Undone = "undone";

    /// <summary>A walk-in added at the door and admitted (the seats were taken).</summary>
    public const string WalkInAdmitted = "walk_in_admitted";

    /// <summary>A walk-in the screening had no seats for.</summary>
    public const string Full = "full";

    /// <summary>A walk-in after the screening stopped taking them (cancelled, over) or before it starts to.</summary>
    public const string Closed = "closed";

    /// <summary>A scan decided offline with a door link that was revoked or expired by the time it was sent.</summary>
    public const string DoorClosed = "door_closed";

    public static string Name(Campaign.Domain.Tickets.CheckInOutcome outcome) => outcome switch
    {
        Campaign.Domain.Tickets.CheckInOutcome.Admitted => Admitted,
        Campaign.Domain.Tickets.CheckInOutcome.AlreadyCheckedIn => AlreadyCheckedIn,
        Campaign.Domain.Tickets.CheckInOutcome.Cancelled => Cancelled,
        Campaign.Domain.Tickets.CheckInOutcome.WrongScreening => WrongScreening,
        _ => Invalid,
    };
}

/// <summary>
/// An offline scan the server refused, for the host's guest list: the holder (when the code was genuine), this scan's time
/// and door, the admission that won (when it was admitted elsewhere first), and the outcome.
/// </summary>
public sealed record DoorConflict(string? Name, string ScannedAt, string? Door, string? AdmittedAt, string? AdmittedDoor, string Outcome);
