using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Domain.Screenings;

/// <summary>A group screening of the film, organised by one host.</summary>
public sealed partial class Screening
{
    /// <summary>Largest number of seats a screening can offer.</summary>
    public const int MaxCapacity = 10_000;

    /// <summary>Largest number of plus-ones a host may allow per guest.</summary>
    public const int MaxPlusOnesLimit = 20;

    public const int TitleMaxLength = 140;

    public const int DescriptionMaxLength = 4000;

    /// <summary>Longest notes (accessibility, content).</summary>
    public const int NotesMaxLength = 1000;

    /// <summary>Longest "Hosted by" name.</summary>
    public const int HostedByMaxLength = 100;

    /// <summary>Longest reason given by a host or staff member.</summary>
    public const int ReasonMaxLength = 1000;

    /// <summary>Longest neutral title (discreet mode).</summary>
    public const int NeutralTitleMaxLength = 60;

    /// <summary>What a discreet screening or guest sees instead of the title when the host chose none.</summary>
    public const string DefaultNeutralTitle = "Film night";

    private Screening() { }

    /// <summary>Internal identifier; never shown in a public URL.</summary>
    public Guid Id { get; private set; }

    /// <summary>Public identifier: readable words plus at least 64 random bits.</summary>
    public string Slug { get; private set; } = "";

    /// <summary>
    /// The calendar entry's UID (without the sender's domain): random characters chosen once at creation (screenings
    /// made before discreet mode keep their first slug) and kept when the slug changes, so every guest's calendar
    /// updates one entry instead of gaining a second.
    /// </summary>
    public string CalendarUid { get; private set; } = "";

    /// <summary>
    /// Discreet mode: guests, mails, calendar entries, tab titles and link previews show <see cref="NeutralTitle"/>
    /// instead of the title, the film's name and its subject (decisions/0023).
    /// </summary>
    public bool IsDiscreet { get; private set; }

    /// <summary>What discreet guests see instead of the title (single line, cleaned like every title).</summary>
    public string NeutralTitle { get; private set; } = DefaultNeutralTitle;

    /// <summary>Identity user id of the host.</summary>
    public string HostId { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public DateTime StartUtc { get; private set; }

    /// <summary>Wall-clock start in the screening's zone.</summary>
    public DateTime StartLocal { get; private set; }

    public DateTime EndUtc { get; private set; }

    /// <summary>IANA time zone id.</summary>
    public string TimeZoneId { get; private set; } = "";

    public bool IsOnline { get; private set; }

    public string? VenueName { get; private set; }

    /// <summary>Street address (private).</summary>
    public string? StreetAddress { get; private set; }

    /// <summary>City (public).</summary>
    public string? City { get; private set; }

    /// <summary>Region (public).</summary>
    public string? Region { get; private set; }

    /// <summary>Postal code (private, filterable by prefix).</summary>
    public string? PostalCode { get; private set; }

    /// <summary>ISO country code.</summary>
    public string? CountryCode { get; private set; }

    /// <summary>Online link (private).</summary>
    public string? OnlineUrl { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Seats already taken by confirmed guests.</summary>
    public int SeatsTaken { get; private set; }

    /// <summary>The host's choice to show the public how many seats are left; off, the public sees only <see cref="SeatAvailability"/>.</summary>
    public bool ShowSeatsLeft { get; private set; }

    /// <summary>RSVP deadline (UTC); null means the start.</summary>
    public DateTime? RsvpDeadlineUtc { get; private set; }

    /// <summary>Plus-ones allowed per guest.</summary>
    public int MaxPlusOnes { get; private set; }

    public string? AccessibilityNotes { get; private set; }

    public string? ContentNote { get; private set; }

    public ScreeningVisibility Visibility { get; private set; }

    /// <summary>"Hosted by" on the public page and ORGANIZER's name in calendar entries; null shows no host at all.</summary>
    public string? HostedByName { get; private set; }

    /// <summary>What the host hears when guests answer (default: a daily digest).</summary>
    public HostNotice HostNotice { get; private set; }

    /// <summary>End of the period the last daily digest reported (UTC); null before the first.</summary>
    public DateTime? DigestThroughUtc { get; private set; }

    public ModerationState Moderation { get; private set; }

    /// <summary>True when a listed screening changed its title, time or place since staff last looked.</summary>
    public bool NeedsReview { get; private set; }

    /// <summary>What changed since approval, for the staff queue.</summary>
    public string? ChangesSinceReview { get; private set; }

    /// <summary>Reason staff gave for rejecting or unpublishing.</summary>
    public string? ModerationReason { get; private set; }

    /// <summary>When staff last decided.</summary>
    public DateTime? ModeratedAtUtc { get; private set; }

    public ScreeningStatus Status { get; private set; }

    public string? CancellationReason { get; private set; }

    public DateTime? CancelledAtUtc { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; private set; }

    /// <summary>The place as one value.</summary>
    public ScreeningPlace Place => new()
    {
        IsOnline = IsOnline,
        VenueName = VenueName,
        StreetAddress = StreetAddress,
        City = City,
        Region = Region,
        PostalCode = PostalCode,
        CountryCode = CountryCode,
        OnlineUrl = OnlineUrl,
    };

    public int SeatsLeft => Math.Max(0, Capacity - SeatsTaken);

    /// <summary>Available, almost full or full (<see cref="Seats.Availability"/>).</summary>
    public SeatAvailability Availability => Seats.Availability(Capacity, SeatsTaken);

    /// <summary>Creates a screening; public ones by an untrusted host wait for staff.</summary>
    /// <exception cref="DomainException">A rule is broken.</exception>
    public static Screening Create(string hostId, ScreeningDetails details, bool hostIsTrusted, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostId);
        ArgumentNullException.ThrowIfNull(details);
        Validate(details, nowUtc, seatsTaken: 0, requireFutureStart: true);
        var slug = details.Discreet ? NewSlug("") : NewSlug(details.Title);
        var screening = new Screening
        {
            Id = Guid.NewGuid(),
            Slug = slug,
            // Random characters only, never the title's words: a UID stays for good, and discreet mode may come later.
            CalendarUid = NewSlug(""),
            WalkInToken = NewWalkInToken(),
            HostId = hostId,
            CreatedAtUtc = nowUtc,
            Status = ScreeningStatus.Scheduled,
        };
        screening.Apply(details, nowUtc);
        screening.Moderation = details.Visibility == ScreeningVisibility.Unlisted
            ? ModerationState.NotRequired
            : hostIsTrusted ? ModerationState.Approved : ModerationState.Pending;
        return screening;
    }

    /// <summary>Changes what the host may change. Returns what changed that guests care about.</summary>
    /// <exception cref="DomainException">The screening is cancelled or over, or a rule is broken.</exception>
    public ScreeningChanges Update(ScreeningDetails details, bool hostIsTrusted, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (Status == ScreeningStatus.Cancelled)
        {
            throw new DomainException("This screening is cancelled and can no longer be changed.");
        }

        if (EndUtc <= nowUtc)
        {
            throw new DomainException("This screening is over and can no longer be changed.");
        }

        var timeChanged = details.StartUtc != StartUtc || details.EndUtc != EndUtc || details.TimeZoneId != TimeZoneId;
        Validate(details, nowUtc, SeatsTaken, requireFutureStart: timeChanged);

        var changes = new ScreeningChanges(
            TitleChanged: !string.Equals(details.Title.Trim(), Title, StringComparison.Ordinal),
            TimeChanged: timeChanged,
            PlaceChanged: Stored(details.Place) != Place);
        var wasPublic = Visibility == ScreeningVisibility.Public;
        Apply(details, nowUtc);
        if (IsDiscreet && !HasNeutralSlug)
        {
            // A slug made of the title's words would name the film in every link: it becomes random characters only,
            // and the old one is kept as a redirect by the caller. The calendar UID stays (CalendarUid).
            changes = changes with { RetiredSlug = Slug };
            Slug = NewSlug("");
        }

        if (Visibility == ScreeningVisibility.Unlisted)
        {
            Moderation = ModerationState.NotRequired;
            NeedsReview = false;
            ChangesSinceReview = null;
        }
        else if (!wasPublic || Moderation == ModerationState.NotRequired)
        {
            Moderation = hostIsTrusted ? ModerationState.Approved : ModerationState.Pending;
        }
        else if (Moderation == ModerationState.Rejected)
        {
            // The host fixed what staff objected to: it goes back to the queue.
            Moderation = ModerationState.Pending;
        }
        else if (Moderation == ModerationState.Approved && changes.AnyListedChange)
        {
            NeedsReview = true;
            ChangesSinceReview = MergeChangeSummary(ChangesSinceReview, changes);
        }

        return changes;
    }

    /// <summary>
    /// A new screening with this one's text, place, capacity, notes and settings at a new start (same length; an RSVP
    /// deadline keeps its distance to the start). Guests, invitations, door links, co-hosts and approval stay behind:
    /// the copy is moderated like any new screening (<see cref="Create"/>).
    /// </summary>
    /// <exception cref="DomainException">A rule is broken (a start in the past, for one).</exception>
    public Screening Duplicate(DateTime startUtc, DateTime startLocal, string timeZoneId, bool hostIsTrusted, DateTime nowUtc) =>
        Create(HostId, DuplicateDetails(startUtc, startLocal, timeZoneId), hostIsTrusted, nowUtc);

    /// <summary>The details <see cref="Duplicate"/> would create, so a form can check them beside its fields first.</summary>
    public ScreeningDetails DuplicateDetails(DateTime startUtc, DateTime startLocal, string timeZoneId)
    {
        var shift = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc) - StartUtc;
        return new ScreeningDetails
        {
            Title = Title,
            Description = Description,
            StartUtc = StartUtc + shift,
            StartLocal = startLocal,
            EndUtc = EndUtc + shift,
            TimeZoneId = timeZoneId,
            Place = Place,
            Capacity = Capacity,
            RsvpDeadlineUtc = RsvpDeadlineUtc + shift,
            MaxPlusOnes = MaxPlusOnes,
            AccessibilityNotes = AccessibilityNotes,
            ContentNote = ContentNote,
            Visibility = Visibility,
            HostedByName = HostedByName,
            HostNotice = HostNotice,
            ShowSeatsLeft = ShowSeatsLeft,
            Discreet = IsDiscreet,
            NeutralTitle = NeutralTitle,
        };
    }

    /// <summary>Calls the screening off.</summary>
    /// <exception cref="DomainException">Already cancelled or over.</exception>
    public void Cancel(string? reason, DateTime nowUtc)
    {
        if (Status == ScreeningStatus.Cancelled)
        {
            throw new DomainException("This screening is already cancelled.");
        }

        if (EndUtc <= nowUtc)
        {
            throw new DomainException("This screening is over and cannot be cancelled.");
        }

        Status = ScreeningStatus.Cancelled;
        CancellationReason = Clip(reason, ReasonMaxLength);
        CancelledAtUtc = nowUtc;
        Touch(nowUtc);
    }

    private void Apply(ScreeningDetails details, DateTime nowUtc)
    {
        Title = details.Title.Trim();
        Description = Clean(details.Description);
        StartUtc = DateTime.SpecifyKind(details.StartUtc, DateTimeKind.Utc);
        StartLocal = DateTime.SpecifyKind(details.StartLocal, DateTimeKind.Unspecified);
        EndUtc = DateTime.SpecifyKind(details.EndUtc, DateTimeKind.Utc);
        TimeZoneId = details.TimeZoneId;
        var place = Stored(details.Place);
        IsOnline = place.IsOnline;
        VenueName = place.VenueName;
        StreetAddress = place.StreetAddress;
        City = place.City;
        Region = place.Region;
        PostalCode = place.PostalCode;
        CountryCode = place.CountryCode;
        OnlineUrl = place.OnlineUrl;
        Capacity = details.Capacity;
        RsvpDeadlineUtc = details.RsvpDeadlineUtc is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null;
        MaxPlusOnes = details.MaxPlusOnes;
        AccessibilityNotes = Clean(details.AccessibilityNotes);
        ContentNote = Clean(details.ContentNote);
        Visibility = details.Visibility;
        HostedByName = Clean(PlainText.SingleLine(details.HostedByName));
        HostNotice = details.HostNotice;
        ShowSeatsLeft = details.ShowSeatsLeft;
        IsDiscreet = details.Discreet;
        NeutralTitle = CleanNeutralTitle(details.NeutralTitle);
        Touch(nowUtc);
    }

    /// <summary>True when the slug is random characters only (no words of the title).</summary>
    public bool HasNeutralSlug => !Slug.Contains('-', StringComparison.Ordinal);

    /// <summary>Discreet for this guest: the screening is, or the guest (or their invitation) chose it.</summary>
    public bool IsDiscreetFor(bool guestDiscreet) => IsDiscreet || guestDiscreet;

    /// <summary>The title a guest sees: <see cref="NeutralTitle"/> when discreet for them, else <see cref="Title"/>.</summary>
    public string TitleFor(bool guestDiscreet) => IsDiscreetFor(guestDiscreet) ? NeutralTitle : Title;

    /// <summary>A neutral title as it is kept: one line without control characters, at most <see cref="NeutralTitleMaxLength"/>; blank gives the default.</summary>
    public static string CleanNeutralTitle(string? value)
    {
        var clean = PlainText.SingleLine(value, NeutralTitleMaxLength);
        return clean.Length == 0 ? DefaultNeutralTitle : clean;
    }

    // The place as it is kept: trimmed, blanks as null, only the fields that apply. Update compares in this form so that
    // resaving the same place (the form sends "" where the screening holds null) is not taken for a move.
    private static ScreeningPlace Stored(ScreeningPlace place) => place.IsOnline
        ? new ScreeningPlace { IsOnline = true, OnlineUrl = Clean(place.OnlineUrl) }
        : new ScreeningPlace
        {
            VenueName = Clean(place.VenueName),
            StreetAddress = Clean(place.StreetAddress),
            City = Clean(place.City),
            Region = Clean(place.Region),
            PostalCode = Clean(place.PostalCode),
            CountryCode = Clean(place.CountryCode)?.ToUpperInvariant(),
        };

    private void Touch(DateTime nowUtc)
    {
        UpdatedAtUtc = nowUtc;
        Version++;
    }

    private static string MergeChangeSummary(string? existing, ScreeningChanges changes)
    {
        var parts = new SortedSet<string>((existing ?? "").Split(", ", StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
        if (changes.TitleChanged)
        {
            parts.Add("title");
        }

        if (changes.TimeChanged)
        {
            parts.Add("time");
        }

        if (changes.PlaceChanged)
        {
            parts.Add("place");
        }

        return string.Join(", ", parts);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Clip(string? value, int max)
    {
        var clean = Clean(value);
        return clean is null || clean.Length <= max ? clean : clean[..max];
    }

    /// <summary>Makes a slug: up to six words of the title, then 80 random bits in base32 (16 characters).</summary>
    public static string NewSlug(string title)
    {
        var words = new StringBuilder();
        var count = 0;
        foreach (var word in (title ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var clean = new string(word.Where(char.IsAsciiLetterOrDigit).ToArray());
            if (clean.Length == 0)
            {
                continue;
            }

            if (words.Length + clean.Length > 40 || count == 6)
            {
                break;
            }

            words.Append(clean).Append('-');
            count++;
        }

        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return words + Base32(random);
    }

    private static string Base32(ReadOnlySpan<byte> bytes)
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        var sb = new StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                sb.Append(alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            sb.Append(alphabet[(buffer << (5 - bits)) & 31]);
        }

        return sb.ToString();
    }
}

/// <summary>What an update changed that guests and staff care about.</summary>
/// <param name="TitleChanged">The title changed.</param>
/// <param name="TimeChanged">Start, end or zone changed.</param>
/// <param name="PlaceChanged">Venue, address or online link changed.</param>
public sealed record ScreeningChanges(bool TitleChanged, bool TimeChanged, bool PlaceChanged)
{
    /// <summary>The slug the screening had before discreet mode gave it a random one; the caller keeps it as a redirect.</summary>
    public string? RetiredSlug { get; init; }

    /// <summary>True when staff should look again at a listed screening.</summary>
    public bool AnyListedChange => TitleChanged || TimeChanged || PlaceChanged;
}
