namespace Campaign.Domain.Screenings;

/// <summary>Who can find a screening.</summary>
public enum ScreeningVisibility
{
    /// <summary>Reachable by its link only; never listed, needs no approval.</summary>
    Unlisted = 0,

    /// <summary>Listed in the directory once staff approve it (or at once for a trusted host).</summary>
    Public = 1,
}

/// <summary>Where a public screening stands with campaign staff.</summary>
public enum ModerationState
{
    /// <summary>Unlisted screenings are never moderated.</summary>
    NotRequired = 0,

    /// <summary>Waiting in the staff queue.</summary>
    Pending = 1,

    /// <summary>Listed in the directory.</summary>
    Approved = 2,

    /// <summary>Refused by staff, with a reason sent to the host.</summary>
    Rejected = 3,

    /// <summary>Taken out of the directory by staff after approval.</summary>
    Unpublished = 4,
}

/// <summary>Lifecycle of a screening.</summary>
public enum ScreeningStatus
{
    /// <summary>Going ahead.</summary>
    Scheduled = 0,

    /// <summary>Called off by the host; kept for the record.</summary>
    Cancelled = 1,
}

/// <summary>What the host hears when guests answer.</summary>
public enum HostNotice
{
    /// <summary>One mail a day (08:00 in the screening's zone), only when something happened since the last one.</summary>
    DailyDigest = 0,

    /// <summary>A mail for each answer, queued with the answer itself.</summary>
    EachRsvp = 1,

    /// <summary>No mail; the guest list shows everything.</summary>
    None = 2,
}

/// <summary>A slug a screening no longer uses (discreet mode gave it a random one): links with it redirect to the screening.</summary>
public sealed class FormerSlug
{
    private FormerSlug() { }

    /// <summary>The old slug; unique, like every slug.</summary>
    public string Slug { get; private set; } = "";

    public Guid ScreeningId { get; private set; }

    public DateTime RetiredAtUtc { get; private set; }

    public static FormerSlug For(Guid screeningId, string slug, DateTime nowUtc) =>
        new() { ScreeningId = screeningId, Slug = slug, RetiredAtUtc = nowUtc };
}

/// <summary>Why a screening takes no walk-ins now (<see cref="Screening.WalkInsClosedAt"/>).</summary>
public enum WalkInsClosed
{
    /// <summary>More than <see cref="Screening.WalkInsOpenBefore"/> before the start.</summary>
    NotYet,

    /// <summary>The screening has ended.</summary>
    Over,

    /// <summary>The screening was cancelled.</summary>
    Cancelled,
}
