namespace Campaign.Domain.Invitations;

/// <summary>Where an invitation stands, as the host sees it.</summary>
public enum InvitationState
{
    /// <summary>Written, waiting for the mail dispatcher.</summary>
    Queued = 0,

    /// <summary>Handed to the mail server.</summary>
    Sent = 1,

    /// <summary>The mail server refused it for good.</summary>
    Failed = 2,

    /// <summary>The invitee answered yes (or is on the waitlist).</summary>
    Accepted = 3,

    /// <summary>The invitee answered no.</summary>
    Declined = 4,
}

/// <summary>A host's personal invitation of one address to one screening.</summary>
public sealed class Invitation
{
    public const int MessageMaxLength = 2000;

    /// <summary>Longest name kept with an address (the RSVP form's name limit).</summary>
    public const int NameMaxLength = 100;

    /// <summary>How long before one resend is allowed.</summary>
    public static readonly TimeSpan ResendAfter = TimeSpan.FromHours(48);

    private Invitation() { }

    public Guid Id { get; private set; }

    public Guid ScreeningId { get; private set; }

    /// <summary>The address in its stored form (<see cref="EmailAddress.Value"/>).</summary>
    public string Email { get; private set; } = "";

    /// <summary>The name the host typed with the address ("Maya Friend &lt;maya@example.org&gt;"), one clean line; null when none.</summary>
    public string? Name { get; private set; }

    /// <summary>Address for comparison; unique per screening.</summary>
    public string EmailKey { get; private set; } = "";

    /// <summary>Secret of the personal RSVP link.</summary>
    public string Token { get; private set; } = "";

    /// <summary>The host's plain-text message.</summary>
    public string? Message { get; private set; }

    public string InvitedByUserId { get; private set; } = "";

    /// <summary>The host marked this invitee discreet: the invitation and the answer it leads to show the neutral title (decisions/0023).</summary>
    public bool IsDiscreet { get; private set; }

    public InvitationState State { get; private set; }

    /// <summary>Why the mail server refused it.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Created (counts towards the daily limit).</summary>
    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When the last mail went out.</summary>
    public DateTime? SentAtUtc { get; private set; }

    /// <summary>When the one resend was asked for.</summary>
    public DateTime? ResentAtUtc { get; private set; }

    /// <summary>
    /// When the invitee first opened the personal link (a GET of the invitation page); null until then. Nothing else
    /// fetched from the mail counts: mail scanners and image proxies open links and images on their own.
    /// </summary>
    public DateTime? OpenedAtUtc { get; private set; }

    /// <summary>Creates a queued invitation.</summary>
    /// <exception cref="DomainException">Not an e-mail address (<see cref="EmailAddress"/>).</exception>
    public static Invitation Create(Guid screeningId, string email, string token, string? message, string invitedByUserId, DateTime nowUtc) =>
        Create(screeningId, email, null, token, message, invitedByUserId, nowUtc);

    /// <summary>Creates a queued invitation greeting <paramref name="name"/> (control characters become spaces; cut to <see cref="NameMaxLength"/>).</summary>
    /// <exception cref="DomainException">Not an e-mail address (<see cref="EmailAddress"/>).</exception>
    public static Invitation Create(Guid screeningId, string email, string? name, string token, string? message, string invitedByUserId, DateTime nowUtc, bool discreet = false)
    {
        var address = EmailAddress.Parse(email);
        var clean = PlainText.SingleLine(name, NameMaxLength);
        return new Invitation
        {
            Name = clean.Length == 0 ? null : clean,
            Id = Guid.NewGuid(),
            ScreeningId = screeningId,
            Email = address.Value,
            EmailKey = Domain.EmailKey.Of(address.Value),
            Token = token,
            Message = string.IsNullOrWhiteSpace(message) ? null : message.Trim(),
            InvitedByUserId = invitedByUserId,
            IsDiscreet = discreet,
            State = InvitationState.Queued,
            CreatedAtUtc = nowUtc,
        };
    }

    /// <summary>Not answered yet and not refused by the mail server: told of a new time or place, and of a cancellation.</summary>
    public bool IsOpen => OpenRule(this);

    /// <summary><see cref="IsOpen"/> as a query filter.</summary>
    public static System.Linq.Expressions.Expression<Func<Invitation, bool>> Open { get; } =
        i => i.State == InvitationState.Queued || i.State == InvitationState.Sent;

    private static readonly Func<Invitation, bool> OpenRule = Open.Compile();

    /// <summary>True when the host may resend now: once, 48 hours after it was created, and not after an answer.</summary>
    public bool CanResend(DateTime nowUtc) =>
        ResentAtUtc is null
        && State is InvitationState.Sent or InvitationState.Failed or InvitationState.Queued
        && nowUtc - CreatedAtUtc >= ResendAfter;

    /// <summary>Queues the one resend.</summary>
    /// <exception cref="DomainException">Too early, already resent, or answered.</exception>
    public void Resend(DateTime nowUtc)
    {
        if (!CanResend(nowUtc))
        {
            throw new DomainException(ResentAtUtc is not null
                ? "This invitation was already sent again once."
                : State is InvitationState.Accepted or InvitationState.Declined
                    ? "This guest has already answered."
                    : "An invitation can be sent again 48 hours after the first one.");
        }

        ResentAtUtc = nowUtc;
        State = InvitationState.Queued;
        FailureReason = null;
    }

    public void MarkSent(DateTime nowUtc)
    {
        SentAtUtc = nowUtc;
        if (State is InvitationState.Queued or InvitationState.Failed)
        {
            State = InvitationState.Sent;
        }
    }

    /// <summary>The mail server refused it for good.</summary>
    public void MarkFailed(string reason)
    {
        if (State is InvitationState.Queued or InvitationState.Sent)
        {
            State = InvitationState.Failed;
            FailureReason = reason.Length > 500 ? reason[..500] : reason;
        }
    }

    /// <summary>Records the first opening of the personal link; later ones change nothing. True when this was the first.</summary>
    public bool MarkOpened(DateTime nowUtc)
    {
        if (OpenedAtUtc is not null)
        {
            return false;
        }

        OpenedAtUtc = nowUtc;
        return true;
    }

    /// <summary>The invitee answered yes or no.</summary>
    public bool IsAnswered => State is InvitationState.Accepted or InvitationState.Declined;

    public void MarkAnswered(bool yes) => State = yes ? InvitationState.Accepted : InvitationState.Declined;
}

/// <summary>An address that unsubscribed: no host may invite it again.</summary>
public sealed class MailSuppression
{
    private MailSuppression() { }

    public string EmailKey { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public static MailSuppression For(string email, DateTime nowUtc) => new() { EmailKey = Domain.EmailKey.Of(email), CreatedAtUtc = nowUtc };
}

/// <summary>"This wasn't me": no more mail to this address about this screening.</summary>
public sealed class ScreeningMailBlock
{
    private ScreeningMailBlock() { }

    public Guid ScreeningId { get; private set; }

    public string EmailKey { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    public static ScreeningMailBlock For(Guid screeningId, string email, DateTime nowUtc) =>
        new() { ScreeningId = screeningId, EmailKey = Domain.EmailKey.Of(email), CreatedAtUtc = nowUtc };
}

/// <summary>An invitee's "report abuse": puts the host in the staff queue.</summary>
public sealed class AbuseReport
{
    private AbuseReport() { }

    public Guid Id { get; private set; }

    public Guid ScreeningId { get; private set; }

    /// <summary>The invitation reported, if any.</summary>
    public Guid? InvitationId { get; private set; }

    /// <summary>The host reported.</summary>
    public string HostId { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When staff dealt with it.</summary>
    public DateTime? ResolvedAtUtc { get; private set; }

    public static AbuseReport For(Guid screeningId, Guid? invitationId, string hostId, DateTime nowUtc) =>
        new() { Id = Guid.NewGuid(), ScreeningId = screeningId, InvitationId = invitationId, HostId = hostId, CreatedAtUtc = nowUtc };

    public void Resolve(DateTime nowUtc) => ResolvedAtUtc ??= nowUtc;
}
