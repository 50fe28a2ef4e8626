namespace Campaign.Domain.Tickets;

/// <summary>Whether a ticket still admits its holder.</summary>
public enum TicketStatus
{
    /// <summary>Admits one person.</summary>
    Valid = 0,

    /// <summary>The party shrank, the RSVP was cancelled, or the holder gave the seat up.</summary>
    Cancelled = 1,
}

/// <summary>What a scan of a ticket came to; the check-in API answers with these names.</summary>
public enum CheckInOutcome
{
    /// <summary>First valid scan: the holder is in.</summary>
    Admitted = 0,

    /// <summary>Scanned before; the answer says when and at which door.</summary>
    AlreadyCheckedIn = 1,

    Cancelled = 2,

    /// <summary>A genuine ticket of another screening.</summary>
    WrongScreening = 3,

    /// <summary>Not a ticket of this campaign (forged, truncated, mutated, unknown key).</summary>
    Invalid = 4,
}

/// <summary>
/// One person's admission to one screening. A party of three holds three tickets: number 1 is the booker's, the
/// others are the guests'. The ticket's code is signed (see docs/tickets.md) and never holds personal data.
/// </summary>
public sealed class Ticket
{
    /// <summary>Longest guest name on a ticket.</summary>
    public const int NameMaxLength = 100;

    private Ticket() { }

    /// <summary>Identifier (never in the code).</summary>
    public Guid Id { get; private set; }

    /// <summary>The screening it admits to.</summary>
    public Guid ScreeningId { get; private set; }

    /// <summary>The booker's answer it belongs to.</summary>
    public Guid RsvpId { get; private set; }

    /// <summary>Place in the party: 1 is the booker, 2 and up their guests. Numbers are never reused within a party.</summary>
    public int Number { get; private set; }

    /// <summary>The holder's name when known; otherwise pages show "Guest N of (booker)".</summary>
    public string? HolderName { get; private set; }

    /// <summary>The booker's name, for "Guest 2 of Ana" and the door list.</summary>
    public string BookerName { get; private set; } = "";

    /// <summary>The random part of the code (base64url), unique; how a scanned code finds its ticket.</summary>
    public string Nonce { get; private set; } = "";

    /// <summary>The full signed code printed in the QR. ECDSA signatures are randomised, so the code is kept, not re-signed.</summary>
    public string Code { get; private set; } = "";

    public TicketStatus Status { get; private set; }

    public DateTime IssuedAtUtc { get; private set; }

    public DateTime? CancelledAtUtc { get; private set; }

    /// <summary>True when the holder gave the seat up from the ticket page.</summary>
    public bool ReleasedByHolder { get; private set; }

    /// <summary>When the holder was admitted; null while not in.</summary>
    public DateTime? CheckedInAtUtc { get; private set; }

    /// <summary>The door named by the scanner that admitted the holder.</summary>
    public string? CheckedInDoor { get; private set; }

    /// <summary>Concurrency token: two scanners admitting one ticket at once, one wins.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// True when the ticket no longer admits anyone: cancelled, given up, or its screening cancelled. Its page then says
    /// so first and shows no QR code, address or online link.
    /// </summary>
    public bool IsVoid(Screenings.ScreeningStatus screeningStatus) => Status == TicketStatus.Cancelled || screeningStatus == Screenings.ScreeningStatus.Cancelled;

    /// <summary>True for the booker's own ticket, which only the manage link can change.</summary>
    public bool IsBookers => Number == 1;

    /// <summary>Issues a ticket; <paramref name="nonce"/> and <paramref name="code"/> come from the signer.</summary>
    public static Ticket Issue(Guid id, Guid screeningId, Guid rsvpId, int number, string bookerName, string? holderName, string nonce, string code, DateTime nowUtc)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var ticket = new Ticket
        {
            Id = id,
            ScreeningId = screeningId,
            RsvpId = rsvpId,
            Number = number,
            Nonce = nonce,
            Code = code,
            Status = TicketStatus.Valid,
            IssuedAtUtc = nowUtc,
        };
        ticket.Name(bookerName, holderName);
        return ticket;
    }

    /// <summary>Keeps the names in step with the RSVP.</summary>
    public void Name(string bookerName, string? holderName)
    {
        BookerName = PlainText.SingleLine(bookerName, NameMaxLength);
        var holder = PlainText.SingleLine(holderName, NameMaxLength);
        HolderName = holder.Length == 0 ? null : holder;
    }

    /// <summary>Admits the holder once. A cancelled or already used ticket is refused with its outcome; nothing changes.</summary>
    public CheckInOutcome CheckIn(DateTime nowUtc, string? door)
    {
        if (Status == TicketStatus.Cancelled)
        {
            return CheckInOutcome.Cancelled;
        }

        if (CheckedInAtUtc is not null)
        {
            return CheckInOutcome.AlreadyCheckedIn;
        }

        CheckedInAtUtc = nowUtc;
        var clean = PlainText.SingleLine(door, DoorMaxLength);
        CheckedInDoor = clean.Length == 0 ? null : clean;
        Version++;
        return CheckInOutcome.Admitted;
    }

    public const int DoorMaxLength = 60;

    /// <summary>Takes a check-in back (a host's mistake at the door). Returns false when the holder was not in.</summary>
    public bool UndoCheckIn()
    {
        if (CheckedInAtUtc is null)
        {
            return false;
        }

        CheckedInAtUtc = null;
        CheckedInDoor = null;
        Version++;
        return true;
    }

    /// <summary>
    /// Makes a cancelled ticket valid again, with its number and code unchanged, so the QR code the guest already
    /// holds works again (the booker came back within the same RSVP, or the party grew again). A seat its holder gave
    /// up stays given up.
    /// </summary>
    /// <exception cref="DomainException">Still valid, or given up by its holder.</exception>
    public void Reactivate()
    {
        if (Status == TicketStatus.Valid)
        {
            throw new DomainException("This ticket is already valid.");
        }

        if (ReleasedByHolder)
        {
            throw new DomainException("Its holder gave this seat up; it is not issued again.");
        }

        Status = TicketStatus.Valid;
        CancelledAtUtc = null;
        Version++;
    }

    /// <summary>
    /// Gives the ticket a new code because the key that signed the old one was revoked (it may have leaked). The old code
    /// stops admitting (its nonce is no longer this ticket's; the caller keeps it as a tombstone for offline doors); the
    /// holder, the status and any check-in stay as they were.
    /// </summary>
    public void Reissue(string nonce, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Nonce = nonce;
        Code = code;
        Version++;
    }

    /// <summary>True for a cancelled ticket that <see cref="Reactivate"/> may bring back.</summary>
    public bool CanReactivate => Status == TicketStatus.Cancelled && !ReleasedByHolder;

    /// <summary>Cancels the ticket (party shrank, RSVP cancelled). Cancelling twice changes nothing.</summary>
    public void Cancel(DateTime nowUtc, bool byHolder = false)
    {
        if (Status == TicketStatus.Cancelled)
        {
            return;
        }

        Status = TicketStatus.Cancelled;
        CancelledAtUtc = nowUtc;
        ReleasedByHolder = byHolder;
        Version++;
    }
}
