using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;

namespace Campaign.Domain.Screenings;

/// <summary>A group screening of the film, organised by one host.</summary>
public sealed class Screening
{
    /// <summary>Largest number of seats a screening can offer.</summary>
    public const int MaxCapacity = 10_000;

    /// <summary>Largest number of plus-ones a host may allow per guest.</summary>
    public const int MaxPlusOnesLimit = 20;

    public const int TitleMaxLength = 140;

    public const int DescriptionMaxLength = 4000;

    /// <summary>Longest notes (accessibility, content).</summary>
    public const int NotesMaxLength = 1000;

    /// <summary>Longest reason given by a host or staff member.</summary>
    public const int ReasonMaxLength = 1000;

    private Screening() { }

    /// <summary>Internal identifier; never shown in a public URL.</summary>
    public Guid Id { get; private set; }

    /// <summary>Public identifier: readable words plus at least 64 random bits.</summary>
    public string Slug { get; private set; } = "";

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

    /// <summary>RSVP deadline (UTC); null means the start.</summary>
    public DateTime? RsvpDeadlineUtc { get; private set; }

    /// <summary>Plus-ones allowed per guest.</summary>
    public int MaxPlusOnes { get; private set; }

    public string? AccessibilityNotes { get; private set; }

    public string? ContentNote { get; private set; }

    public ScreeningVisibility Visibility { get; private set; }

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

    /// <summary>
    /// The last moment guests may answer: the host's RSVP deadline, or the start when there is none. Waitlisted guests
    /// are promoted until then too.
    /// </summary>
    public DateTime AnswerDeadlineUtc => RsvpDeadlineUtc ?? StartUtc;

    /// <summary>True when the screening is in the public directory at <paramref name="nowUtc"/>: <see cref="ListedAt"/>.</summary>
    /// <remarks>Whether the host is suspended is the caller's to add: the account is not part of the Domain.</remarks>
    public bool IsListed(DateTime nowUtc) => InDirectory.Holds(this, nowUtc);

    /// <summary>
    /// The directory's rule as a query filter: public, approved, going ahead, and not started by <paramref name="nowUtc"/>.
    /// </summary>
    public static Expression<Func<Screening, bool>> ListedAt(DateTime nowUtc) => InDirectory.At(nowUtc);

    /// <summary>
    /// The public calendar feed's rule as a query filter: listed as in the directory, but kept until it ends rather than
    /// until it starts, so subscribers' calendars do not drop a screening while it runs.
    /// </summary>
    public static Expression<Func<Screening, bool>> InPublicFeedAt(DateTime nowUtc) => InPublicFeed.At(nowUtc);

    /// <summary>
    /// True when guests may open nothing of the screening (its page, its calendar file, the RSVP form): staff rejected or
    /// unpublished it, or its host is suspended. Its host, co-hosts and staff still see it.
    /// </summary>
    public bool IsHiddenFromGuests(bool hostSuspended) =>
        hostSuspended || Moderation is ModerationState.Rejected or ModerationState.Unpublished;

    /// <summary>True when guests can answer at <paramref name="nowUtc"/>: not cancelled, before <see cref="AnswerDeadlineUtc"/>.</summary>
    public bool TakesAnswers(DateTime nowUtc) => AnswersOpen.Holds(this, nowUtc);

    /// <summary><see cref="TakesAnswers"/> as a query filter, for updates that must not take seats of a closed screening.</summary>
    public static Expression<Func<Screening, bool>> TakingAnswersAt(DateTime nowUtc) => AnswersOpen.At(nowUtc);

    // Written as expressions so that EF Core translates the very rule the entity answers in memory.
    private static readonly Expression<Func<Screening, bool>> Listed = s =>
        s.Visibility == ScreeningVisibility.Public
        && s.Moderation == ModerationState.Approved
        && s.Status == ScreeningStatus.Scheduled;

    private static readonly InstantRule<Screening> InDirectory = new(Listed, (s, nowUtc) => s.StartUtc > nowUtc);

    private static readonly InstantRule<Screening> InPublicFeed = new(Listed, (s, nowUtc) => s.EndUtc > nowUtc);

    // The deadline is spelled out (RsvpDeadlineUtc ?? StartUtc, as AnswerDeadlineUtc above): EF Core cannot translate a
    // property it does not map.
    private static readonly InstantRule<Screening> AnswersOpen = new((s, nowUtc) =>
        s.Status != ScreeningStatus.Cancelled && (s.RsvpDeadlineUtc ?? s.StartUtc) > nowUtc);

    /// <summary>Creates a screening; public ones by an untrusted host wait for staff.</summary>
    /// <exception cref="DomainException">A rule is broken.</exception>
    public static Screening Create(string hostId, ScreeningDetails details, bool hostIsTrusted, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostId);
        ArgumentNullException.ThrowIfNull(details);
        Validate(details, nowUtc, seatsTaken: 0, requireFutureStart: true);
        var screening = new Screening
        {
            Id = Guid.NewGuid(),
            Slug = NewSlug(details.Title),
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

    /// <summary>Staff approve a pending screening, or accept the changes of a flagged one.</summary>
    /// <exception cref="DomainException">Nothing to approve.</exception>
    public void Approve(DateTime nowUtc)
    {
        if (Moderation == ModerationState.Pending || Moderation == ModerationState.Unpublished)
        {
            Moderation = ModerationState.Approved;
        }
        else if (!(Moderation == ModerationState.Approved && NeedsReview))
        {
            throw new DomainException("This screening is not waiting for approval.");
        }

        NeedsReview = false;
        ChangesSinceReview = null;
        ModerationReason = null;
        ModeratedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    /// <summary>Staff refuse a pending screening.</summary>
    /// <exception cref="DomainException">Not pending, or no reason.</exception>
    public void Reject(string reason, DateTime nowUtc)
    {
        if (Moderation != ModerationState.Pending)
        {
            throw new DomainException("Only a screening waiting for approval can be rejected.");
        }

        ModerationReason = RequireReason(reason);
        Moderation = ModerationState.Rejected;
        ModeratedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    /// <summary>Staff take a listed screening out of the directory.</summary>
    /// <exception cref="DomainException">Not public and approved (a pending one is rejected instead), or no reason.</exception>
    public void Unpublish(string reason, DateTime nowUtc)
    {
        if (Visibility != ScreeningVisibility.Public || Moderation != ModerationState.Approved)
        {
            throw new DomainException("This screening is not listed.");
        }

        ModerationReason = RequireReason(reason);
        Moderation = ModerationState.Unpublished;
        NeedsReview = false;
        ChangesSinceReview = null;
        ModeratedAtUtc = nowUtc;
        Touch(nowUtc);
    }

    /// <summary>Checks the details against the rules: one message per field that breaks one; empty when valid.</summary>
    public static IReadOnlyDictionary<string, string> Check(ScreeningDetails details, DateTime nowUtc, int seatsTaken, bool requireFutureStart)
    {
        ArgumentNullException.ThrowIfNull(details);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(details.Title))
        {
            errors[nameof(details.Title)] = "Give the screening a title.";
        }
        else if (details.Title.Length > TitleMaxLength)
        {
            errors[nameof(details.Title)] = $"The title can be at most {TitleMaxLength} characters.";
        }

        if (details.Description?.Length > DescriptionMaxLength)
        {
            errors[nameof(details.Description)] = $"The description can be at most {DescriptionMaxLength} characters.";
        }

        if (details.EndUtc <= details.StartUtc)
        {
            errors[nameof(details.EndUtc)] = "The end must be after the start.";
        }
        else if (details.EndUtc - details.StartUtc > TimeSpan.FromHours(24))
        {
            errors[nameof(details.EndUtc)] = "A screening can last at most 24 hours.";
        }

        if (requireFutureStart && details.StartUtc <= nowUtc)
        {
            errors[nameof(details.StartUtc)] = "The start must be in the future.";
        }

        if (details.Capacity < 1 || details.Capacity > MaxCapacity)
        {
            errors[nameof(details.Capacity)] = $"Capacity must be between 1 and {MaxCapacity:N0}.";
        }
        else if (details.Capacity < seatsTaken)
        {
            errors[nameof(details.Capacity)] = $"{seatsTaken} seats are already taken; capacity cannot be lower.";
        }

        if (details.MaxPlusOnes < 0 || details.MaxPlusOnes > MaxPlusOnesLimit)
        {
            errors[nameof(details.MaxPlusOnes)] = $"Plus-ones must be between 0 and {MaxPlusOnesLimit}.";
        }

        if (details.RsvpDeadlineUtc is { } deadline && deadline > details.StartUtc)
        {
            errors[nameof(details.RsvpDeadlineUtc)] = "The RSVP deadline cannot be after the start.";
        }

        if (details.AccessibilityNotes?.Length > NotesMaxLength)
        {
            errors[nameof(details.AccessibilityNotes)] = $"Accessibility notes can be at most {NotesMaxLength} characters.";
        }

        if (details.ContentNote?.Length > NotesMaxLength)
        {
            errors[nameof(details.ContentNote)] = $"The content note can be at most {NotesMaxLength} characters.";
        }

        var place = details.Place;
        if (place.IsOnline)
        {
            if (!Uri.TryCreate(place.OnlineUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors[nameof(place.OnlineUrl)] = "Give the online link as a full web address (https://...).";
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(place.VenueName))
            {
                errors[nameof(place.VenueName)] = "Give the venue's name.";
            }

            if (string.IsNullOrWhiteSpace(place.StreetAddress))
            {
                errors[nameof(place.StreetAddress)] = "Give the street address (only guests will see it).";
            }

            if (string.IsNullOrWhiteSpace(place.City))
            {
                errors[nameof(place.City)] = "Give the city.";
            }

            if (string.IsNullOrWhiteSpace(place.CountryCode) || place.CountryCode.Length != 2 || !place.CountryCode.All(char.IsAsciiLetterUpper))
            {
                errors[nameof(place.CountryCode)] = "Choose a country.";
            }
        }

        return errors;
    }

    private static void Validate(ScreeningDetails details, DateTime nowUtc, int seatsTaken, bool requireFutureStart)
    {
        var errors = Check(details, nowUtc, seatsTaken, requireFutureStart);
        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors.Values));
        }
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
        Touch(nowUtc);
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

    private static string RequireReason(string reason)
    {
        var clean = Clip(reason, ReasonMaxLength);
        if (string.IsNullOrWhiteSpace(clean))
        {
            throw new DomainException("Give a reason; it is sent to the host.");
        }

        return clean;
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
    /// <summary>True when staff should look again at a listed screening.</summary>
    public bool AnyListedChange => TitleChanged || TimeChanged || PlaceChanged;
}
