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
}

/// <summary>Manual check-in from the name search: one ticket or a whole party.</summary>
public sealed class ManualRequest
{
    public string? Screening { get; set; }

    public IReadOnlyList<Guid>? Tickets { get; set; }

    public string? Door { get; set; }

    public string? ScanId { get; set; }
}

/// <summary>A host or co-host takes a check-in back.</summary>
public sealed class UndoRequest
{
    public string? Screening { get; set; }

    public Guid? Ticket { get; set; }
}

public sealed record Counts([property: JsonPropertyName("in")] int In, [property: JsonPropertyName("expected")] int Expected);

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

    public static string Name(Campaign.Domain.Tickets.CheckInOutcome outcome) => outcome switch
    {
        Campaign.Domain.Tickets.CheckInOutcome.Admitted => Admitted,
        Campaign.Domain.Tickets.CheckInOutcome.AlreadyCheckedIn => AlreadyCheckedIn,
        Campaign.Domain.Tickets.CheckInOutcome.Cancelled => Cancelled,
        Campaign.Domain.Tickets.CheckInOutcome.WrongScreening => WrongScreening,
        _ => Invalid,
    };
}
