namespace Campaign.Domain.Rsvps;

/// <summary>Where a guest's answer stands.</summary>
public enum RsvpStatus
{
    /// <summary>Has seats.</summary>
    Confirmed = 0,

    /// <summary>Waiting for seats, in order of <see cref="Rsvp.WaitlistedAtUtc"/>.</summary>
    Waitlisted = 1,

    /// <summary>Answered "can't make it".</summary>
    Declined = 2,

    /// <summary>Cancelled by the guest (or "this wasn't me").</summary>
    Cancelled = 3,
}

/// <summary>How an answer came in: the RSVP form, or as a walk-in at the door.</summary>
public enum RsvpSource
{
    /// <summary>The RSVP form (public page or invitation).</summary>
    Answer = 0,

    /// <summary>The walk-in form behind the door poster's QR code, on the guest's own phone.</summary>
    Poster = 1,

    /// <summary>"Add walk-in" on a door scanner: admitted at once.</summary>
    Door = 2,
}

/// <summary>One booker's answer for one screening, for a party of one or more. Seats are counted on the screening.</summary>
public sealed class Rsvp
{
    public const int NameMaxLength = 100;

    public const int EmailMaxLength = EmailAddress.MaxLength;

    private Rsvp() { }

    public Guid Id { get; private set; }

    public Guid ScreeningId { get; private set; }

    /// <summary>Booker's name as typed (single line).</summary>
    public string Name { get; private set; } = "";

    /// <summary>The address in its stored form (<see cref="EmailAddress.Value"/>).</summary>
    public string Email { get; private set; } = "";

    /// <summary>Address for comparison (<see cref="EmailKey.Of"/>); unique per screening.</summary>
    public string EmailKey { get; private set; } = "";

    /// <summary>Booker plus guests.</summary>
    public int PartySize { get; private set; }

    /// <summary>Optional names of the guests, one per line, in order.</summary>
    public string? GuestNames { get; private set; }

    public RsvpStatus Status { get; private set; }

    /// <summary>Secret of the manage link (at least 128 bits, URL-safe).</summary>
    public string ManageToken { get; private set; } = "";

    /// <summary>When the booker joined the waitlist (its order); null when never waitlisted.</summary>
    public DateTime? WaitlistedAtUtc { get; private set; }

    /// <summary>The invitation this answer came from, if any.</summary>
    public Guid? InvitationId { get; private set; }

    /// <summary>When the booker accepted the privacy notice.</summary>
    public DateTime ConsentedAtUtc { get; private set; }

    /// <summary>When the reminder went out; null until then.</summary>
    public DateTime? ReminderSentAtUtc { get; private set; }

    /// <summary>When the host (or a co-host) removed this answer from the guest list; null unless removed. A removed answer stays cancelled.</summary>
    public DateTime? RemovedByHostAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Optimistic concurrency token.</summary>
    public int Version { get; private set; }

    /// <summary>
    /// The guest chose discreet mode (or came from a discreet invitation): their mails, calendar entries and pages show
    /// the screening's neutral title instead of its title and the film's subject (decisions/0023).
    /// </summary>
    public bool IsDiscreet { get; private set; }

    /// <summary>Where the answer came from; a walk-in is marked as such for the host.</summary>
    public RsvpSource Source { get; private set; }

    /// <summary>Came in at the door (poster form or the scanner's "Add walk-in"), not through the RSVP form.</summary>
    public bool IsWalkIn => Source != RsvpSource.Answer;

    /// <summary>
    /// False for a walk-in who gave no e-mail address: nothing is ever mailed to them, and their <see cref="EmailKey"/> is a
    /// placeholder unique to this answer (never an address, so it matches no other answer).
    /// </summary>
    public bool HasAddress => Email.Length > 0;

    /// <summary>The <see cref="EmailKey"/> prefix of an answer without an address (no address has a colon before its "@").</summary>
    public const string NoAddressKeyPrefix = "walk-in:";

    /// <summary>What a guest the host removed is told when trying to come back.</summary>
    public const string RemovedMessage = "The host took this RSVP off the guest list, so it cannot be renewed here. If you think this is a mistake, ask the host.";

    /// <summary>Cancelled or declined, and not removed by the host: the guest may answer yes again.</summary>
    public bool CanComeBack => Status is RsvpStatus.Cancelled or RsvpStatus.Declined && RemovedByHostAtUtc is null && HasAddress;

    /// <summary>What a walk-in without an address is told when trying to come back through their link.</summary>
    public const string NoAddressMessage = "This walk-in was cancelled. To come back, ask at the door: they can seat you again if there is room.";

    /// <summary>Seats this answer holds now.</summary>
    public int SeatsHeld => Status == RsvpStatus.Confirmed ? PartySize : 0;

    /// <summary>A new answer. The caller has already taken the seats (atomically) when <paramref name="status"/> is Confirmed.</summary>
    /// <exception cref="DomainException">Not an e-mail address (<see cref="EmailAddress"/>), or an empty party.</exception>
    public static Rsvp Create(Guid screeningId, string name, string email, int partySize, IReadOnlyList<string>? guestNames, RsvpStatus status, string manageToken, Guid? invitationId, DateTime nowUtc, bool discreet = false) =>
        New(screeningId, name, EmailAddress.Parse(email).Value, partySize, guestNames, status, manageToken, invitationId, RsvpSource.Answer, nowUtc, discreet);

    /// <summary>Every new answer: <paramref name="email"/> already in its stored form, or "" for a walk-in without one.</summary>
    private static Rsvp New(Guid screeningId, string name, string email, int partySize, IReadOnlyList<string>? guestNames, RsvpStatus status, string manageToken, Guid? invitationId, RsvpSource source, DateTime nowUtc, bool discreet)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(manageToken);
        if (status == RsvpStatus.Cancelled)
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A new answer cannot start cancelled.");
        }

        if (partySize < 1)
        {
            throw new DomainException("A party has at least one person.");
        }

        var id = Guid.NewGuid();
        return new Rsvp
        {
            Id = id,
            ScreeningId = screeningId,
            Name = name.Trim(),
            Email = email,
            EmailKey = email.Length == 0 ? NoAddressKeyPrefix + id.ToString("N") : Domain.EmailKey.Of(email),
            Source = source,
            PartySize = status == RsvpStatus.Declined ? 0 : partySize,
            GuestNames = JoinNames(guestNames),
            Status = status,
            ManageToken = manageToken,
            WaitlistedAtUtc = status == RsvpStatus.Waitlisted ? nowUtc : null,
            InvitationId = invitationId,
            IsDiscreet = discreet,
            ConsentedAtUtc = nowUtc,
            CreatedAtUtc = nowUtc,
            UpdatedAtUtc = nowUtc,
        };
    }

    /// <summary>
    /// A walk-in: seated (the caller has taken the seats) or, only with an address to tell them, waitlisted. Without an
    /// e-mail address the answer has none (<see cref="HasAddress"/>).
    /// </summary>
    /// <exception cref="DomainException">Not an e-mail address, an empty party, or a waitlist place without an address.</exception>
    public static Rsvp CreateWalkIn(Guid screeningId, string name, string? email, int partySize, RsvpStatus status, string manageToken, RsvpSource source, DateTime nowUtc, bool discreet = false)
    {
        if (source == RsvpSource.Answer)
        {
            throw new ArgumentOutOfRangeException(nameof(source), "A walk-in comes from the poster or the door.");
        }

        if (status is not (RsvpStatus.Confirmed or RsvpStatus.Waitlisted))
        {
            throw new ArgumentOutOfRangeException(nameof(status), "A walk-in is seated or waitlisted.");
        }

        var address = string.IsNullOrWhiteSpace(email) ? "" : EmailAddress.Parse(email).Value;
        if (address.Length == 0 && status == RsvpStatus.Waitlisted)
        {
            throw new DomainException("Only a walk-in with an e-mail address can wait for a seat: nobody could tell them otherwise.");
        }

        return New(screeningId, name, address, partySize, null, status, manageToken, null, source, nowUtc, discreet);
    }

    /// <summary>Gives up the seats or the waitlist place. Returns the seats freed.</summary>
    /// <exception cref="DomainException">Already cancelled.</exception>
    public int Cancel(DateTime nowUtc)
    {
        if (Status == RsvpStatus.Cancelled)
        {
            throw new DomainException("This RSVP is already cancelled.");
        }

        var freed = SeatsHeld;
        Status = RsvpStatus.Cancelled;
        WaitlistedAtUtc = null;
        Touch(nowUtc);
        return freed;
    }

    /// <summary>
    /// The host removes the answer from the guest list: it is cancelled like <see cref="Cancel"/> and cannot come back
    /// through the manage link. Returns the seats freed.
    /// </summary>
    /// <exception cref="DomainException">Already cancelled or declined (nothing to remove).</exception>
    public int RemoveByHost(DateTime nowUtc)
    {
        if (Status is RsvpStatus.Cancelled or RsvpStatus.Declined)
        {
            throw new DomainException("This guest is no longer on the guest list.");
        }

        var freed = Cancel(nowUtc);
        RemovedByHostAtUtc = nowUtc;
        return freed;
    }

    /// <summary>Moves a waitlisted party onto seats the caller has already taken.</summary>
    /// <exception cref="DomainException">Not on the waitlist.</exception>
    public void Promote(DateTime nowUtc)
    {
        if (Status != RsvpStatus.Waitlisted)
        {
            throw new DomainException("Only a waitlisted RSVP can be promoted.");
        }

        Status = RsvpStatus.Confirmed;
        WaitlistedAtUtc = null;
        Touch(nowUtc);
    }

    /// <summary>Changes the party size of a confirmed or waitlisted answer; returns the change in seats held (the caller takes or frees them).</summary>
    /// <exception cref="DomainException">Cancelled or declined, or an empty party.</exception>
    public int ChangeParty(int partySize, IReadOnlyList<string>? guestNames, DateTime nowUtc)
    {
        if (Status is RsvpStatus.Cancelled or RsvpStatus.Declined)
        {
            throw new DomainException("This RSVP is not active; answer again instead.");
        }

        if (partySize < 1)
        {
            throw new DomainException("A party has at least one person.");
        }

        var delta = Status == RsvpStatus.Confirmed ? partySize - PartySize : 0;
        PartySize = partySize;
        GuestNames = JoinNames(guestNames);
        Touch(nowUtc);
        return delta;
    }

    /// <summary>
    /// One guest of a confirmed party gives up their seat (from their own ticket): the party shrinks by one and that
    /// guest's name leaves the list. Returns the seats freed (1); the caller frees them.
    /// </summary>
    /// <param name="guestIndex">The guest's place among the party's guests (0 is the first guest after the booker).</param>
    /// <param name="nowUtc">Now.</param>
    /// <exception cref="DomainException">Not confirmed, or nobody but the booker.</exception>
    public int ReleaseGuest(int guestIndex, DateTime nowUtc)
    {
        if (Status != RsvpStatus.Confirmed || PartySize < 2)
        {
            throw new DomainException("This seat is no longer part of a confirmed party.");
        }

        var names = GuestNameList().ToList();
        if (guestIndex >= 0 && guestIndex < names.Count)
        {
            names.RemoveAt(guestIndex);
        }

        PartySize--;
        GuestNames = JoinNames(names);
        Touch(nowUtc);
        return 1;
    }

    /// <summary>Comes back after cancelling or declining: confirmed when the caller took seats, else waitlisted.</summary>
    /// <exception cref="DomainException">Still active.</exception>
    public void Reconfirm(int partySize, bool seatsTaken, DateTime nowUtc)
    {
        if (Status is RsvpStatus.Confirmed or RsvpStatus.Waitlisted)
        {
            throw new DomainException("This RSVP is already active.");
        }

        if (!HasAddress)
        {
            throw new DomainException(NoAddressMessage);
        }

        if (!CanComeBack)
        {
            throw new DomainException(RemovedMessage);
        }

        PartySize = partySize;
        Status = seatsTaken ? RsvpStatus.Confirmed : RsvpStatus.Waitlisted;
        WaitlistedAtUtc = seatsTaken ? null : nowUtc;
        Touch(nowUtc);
    }

    /// <summary>
    /// Turns discreet mode on or off. Returns true when it changed; the version goes up so the calendar update that
    /// follows carries a higher SEQUENCE.
    /// </summary>
    public bool SetDiscreet(bool discreet, DateTime nowUtc)
    {
        if (IsDiscreet == discreet)
        {
            return false;
        }

        IsDiscreet = discreet;
        Touch(nowUtc);
        return true;
    }

    /// <summary>Records that the reminder was sent (once).</summary>
    public void MarkReminded(DateTime nowUtc) => ReminderSentAtUtc ??= nowUtc;

    /// <summary>The guest names as a list (without the booker).</summary>
    public IReadOnlyList<string> GuestNameList() =>
        GuestNames?.Split('\n', StringSplitOptions.TrimEntries) ?? [];

    private static string? JoinNames(IReadOnlyList<string>? names)
    {
        if (names is null || names.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        return string.Join('\n', names.Select(n => (n ?? "").Trim()));
    }

    private void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        Version++;
    }
}
