namespace Campaign.Domain.Tickets;

/// <summary>
/// A secret link that opens the scanner of one screening without an account ("Door 2"). Revocable; it stops working
/// at the end of the day after the screening (in the screening's zone), which the caller works out.
/// </summary>
public sealed class DoorLink
{
    public const int NameMaxLength = 60;

    private DoorLink() { }

    /// <summary>Identifier; rate limits and the audit name door helpers by it.</summary>
    public Guid Id { get; private set; }

    /// <summary>The one screening it opens.</summary>
    public Guid ScreeningId { get; private set; }

    /// <summary>Shown to the door helper and in the audit, e.g. "Door 2".</summary>
    public string Name { get; private set; } = "";

    /// <summary>The secret in the link.</summary>
    public string Token { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When revoked; a revoked link opens nothing.</summary>
    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>Creates a link; the name is required.</summary>
    /// <exception cref="DomainException">Empty name.</exception>
    public static DoorLink Create(Guid screeningId, string name, string token, DateTime nowUtc)
    {
        var clean = PlainText.SingleLine(name, NameMaxLength);
        if (clean.Length == 0)
        {
            throw new DomainException("Give the door link a name, e.g. \"Door 2\".");
        }

        return new DoorLink { Id = Guid.NewGuid(), ScreeningId = screeningId, Name = clean, Token = token, CreatedAtUtc = nowUtc };
    }

    /// <summary>Stops the link working. Revoking twice changes nothing.</summary>
    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;

    /// <summary>True while the link opens the scanner.</summary>
    public bool IsOpen(DateTime nowUtc, DateTime expiresAtUtc) => RevokedAtUtc is null && nowUtc < expiresAtUtc;
}

/// <summary>Someone the host added by e-mail: with an account on that address they get the host's rights, except cancelling and managing co-hosts.</summary>
public sealed class CoHost
{
    private CoHost() { }

    public Guid Id { get; private set; }

    public Guid ScreeningId { get; private set; }

    /// <summary>The address in its stored form (<see cref="EmailAddress.Value"/>).</summary>
    public string Email { get; private set; } = "";

    /// <summary>Normalised address (see <see cref="EmailKey"/>); unique per screening.</summary>
    public string EmailKey { get; private set; } = "";

    public DateTime AddedAtUtc { get; private set; }

    /// <summary>Adds a co-host by address.</summary>
    /// <exception cref="DomainException">Not an e-mail address (<see cref="EmailAddress"/>).</exception>
    public static CoHost Add(Guid screeningId, string email, DateTime nowUtc)
    {
        var address = EmailAddress.Parse(email);
        return new CoHost
        {
            Id = Guid.NewGuid(),
            ScreeningId = screeningId,
            Email = address.Value,
            EmailKey = Domain.EmailKey.Of(address.Value),
            AddedAtUtc = nowUtc,
        };
    }
}

/// <summary>One scan at a door, whatever its outcome: who, when, which door, what came of it.</summary>
public sealed class CheckInScan
{
    public const int ScanIdMaxLength = 64;

    private CheckInScan() { }

    public Guid Id { get; private set; }

    /// <summary>The screening scanned for.</summary>
    public Guid ScreeningId { get; private set; }

    /// <summary>The ticket, when the code was genuine.</summary>
    public Guid? TicketId { get; private set; }

    /// <summary>The scanning device's id for this scan; a re-sent scan with the same id gets the first answer again.</summary>
    public string? ScanId { get; private set; }

    /// <summary>The account that scanned (host, co-host, staff), or null for a door link.</summary>
    public string? UserId { get; private set; }

    /// <summary>The door link that scanned, or null for an account.</summary>
    public Guid? DoorLinkId { get; private set; }

    /// <summary>The door the scanner named.</summary>
    public string? Door { get; private set; }

    /// <summary>What came of it; also "undo" for a taken-back check-in.</summary>
    public string Outcome { get; private set; } = "";

    /// <summary>When the server recorded it.</summary>
    public DateTime RecordedAtUtc { get; private set; }

    /// <summary>When the device says it scanned (offline scans arrive later).</summary>
    public DateTime? ScannedAtUtc { get; private set; }

    /// <summary>True when the device had no answer from the server and decided on its own (it sent the scan later).</summary>
    public bool DecidedOffline { get; private set; }

    /// <summary>A walk-in the door could not seat (full or closed when it was sent): who, for the host's conflicts; else null.</summary>
    public string? WalkInName { get; private set; }

    /// <summary>The party size of that walk-in; else null.</summary>
    public int? WalkInParty { get; private set; }

    /// <summary>The outcomes that let the holder in (by code, by the name search, or added as a walk-in at the door).</summary>
    public static readonly string[] Admissions = ["admitted", "manual:admitted", WalkInAdmitted];

    /// <summary>A walk-in added at the door and admitted with the seats taken.</summary>
    public const string WalkInAdmitted = "walk_in:admitted";

    /// <summary>A walk-in added at the door that got no seats: the screening was full.</summary>
    public const string WalkInFull = "walk_in:full";

    /// <summary>A walk-in added at the door after the screening stopped taking walk-ins (cancelled or over).</summary>
    public const string WalkInClosed = "walk_in:closed";

    /// <summary>A door walk-in that got no seats, kept with the name so the host sees who was turned away or let in unseated.</summary>
    public static CheckInScan RefusedWalkIn(Guid screeningId, string? scanId, string? userId, Guid? doorLinkId, string? door, string outcome, string name, int party, DateTime nowUtc, DateTime? scannedAtUtc, bool decidedOffline)
    {
        var scan = Record(screeningId, null, scanId, userId, doorLinkId, door, outcome, nowUtc, scannedAtUtc, decidedOffline);
        scan.WalkInName = PlainText.SingleLine(name, Ticket.NameMaxLength);
        scan.WalkInParty = party;
        return scan;
    }

    public static CheckInScan Record(Guid screeningId, Guid? ticketId, string? scanId, string? userId, Guid? doorLinkId, string? door, string outcome, DateTime nowUtc, DateTime? scannedAtUtc, bool decidedOffline = false) => new()
    {
        DecidedOffline = decidedOffline,
        Id = Guid.NewGuid(),
        ScreeningId = screeningId,
        TicketId = ticketId,
        ScanId = scanId,
        UserId = userId,
        DoorLinkId = doorLinkId,
        Door = string.IsNullOrWhiteSpace(door) ? null : PlainText.SingleLine(door, Ticket.DoorMaxLength),
        Outcome = outcome,
        RecordedAtUtc = nowUtc,
        ScannedAtUtc = scannedAtUtc,
    };
}

/// <summary>
/// What is left of a ticket row that was deleted: its nonce and screening, so a door phone that verifies codes offline
/// goes on refusing it (the revocation list holds cancelled tickets and these).
/// </summary>
public sealed class TicketTombstone
{
    private TicketTombstone() { }

    public Guid Id { get; private set; }

    public Guid ScreeningId { get; private set; }

    /// <summary>The deleted ticket's nonce (<see cref="Ticket.Nonce"/>).</summary>
    public string Nonce { get; private set; } = "";

    /// <summary>Keeps the nonce of <paramref name="ticket"/>, which is being deleted.</summary>
    public static TicketTombstone Of(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new TicketTombstone { Id = Guid.NewGuid(), ScreeningId = ticket.ScreeningId, Nonce = ticket.Nonce };
    }
}
