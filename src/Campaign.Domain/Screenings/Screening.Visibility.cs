using System.Linq.Expressions;

namespace Campaign.Domain.Screenings;

/// <summary>Who sees a screening and when it takes answers: listing, staff decisions, visibility to guests.</summary>
public sealed partial class Screening
{
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

    /// <summary>How long before the start walk-ins are taken (the door poster's form).</summary>
    public static readonly TimeSpan WalkInsOpenBefore = TimeSpan.FromHours(1);

    /// <summary>
    /// True when people turning up at the door can take seats at <paramref name="nowUtc"/>: not cancelled, from
    /// <see cref="WalkInsOpenBefore"/> before the start until the end, whatever the RSVP deadline (seats still come from
    /// the seat ledger).
    /// </summary>
    public bool TakesWalkIns(DateTime nowUtc) => WalkInsOpen.Holds(this, nowUtc);

    /// <summary><see cref="TakesWalkIns"/> as a query filter, for updates that must not seat walk-ins outside the window.</summary>
    public static Expression<Func<Screening, bool>> TakingWalkInsAt(DateTime nowUtc) => WalkInsOpen.At(nowUtc);

    /// <summary>
    /// The secret in the door poster's link (<c>/w/{token}</c>): 24 random hex characters. It opens this screening's walk-in
    /// form only, and only while <see cref="TakesWalkIns"/>; the host replaces it when a photo of the poster went too far.
    /// </summary>
    public string WalkInToken { get; private set; } = "";

    /// <summary>Length of <see cref="WalkInToken"/>.</summary>
    public const int WalkInTokenLength = 24;

    /// <summary>A new poster secret: the old poster's code stops working at once.</summary>
    public void ReplaceWalkInToken() => WalkInToken = NewWalkInToken();

    private static string NewWalkInToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(WalkInTokenLength / 2));

    /// <summary>
    /// Why walk-ins are not taken at <paramref name="nowUtc"/>, or null when they are: the screening was cancelled, is
    /// over, or the window (<see cref="WalkInsOpenBefore"/> before the start) has not opened yet.
    /// </summary>
    public WalkInsClosed? WalkInsClosedAt(DateTime nowUtc) =>
        Status == ScreeningStatus.Cancelled ? WalkInsClosed.Cancelled
        : EndUtc <= nowUtc ? WalkInsClosed.Over
        : StartUtc > nowUtc.Add(WalkInsOpenBefore) ? WalkInsClosed.NotYet
        : null;

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

    // The window's opening is worked out on the instant, not on the column, so a query sends it as one parameter.
    private static readonly InstantRule<Screening> WalkInsOpen = new((s, nowUtc) =>
        s.Status != ScreeningStatus.Cancelled && s.StartUtc <= nowUtc.Add(WalkInsOpenBefore) && s.EndUtc > nowUtc);

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

    private static string RequireReason(string reason)
    {
        var clean = Clip(reason, ReasonMaxLength);
        if (string.IsNullOrWhiteSpace(clean))
        {
            throw new DomainException("Give a reason; it is sent to the host.");
        }

        return clean;
    }
}
