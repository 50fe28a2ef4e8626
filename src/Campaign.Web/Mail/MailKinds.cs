namespace Campaign.Web.Mail;

/// <summary>
/// Every kind of outbox row the app writes, in one place. The kind is stored with each row: hosts see failures by kind,
/// the RSVP form limits "already answered" mails by kind, and the invitation page follows invitation mails by kind.
/// </summary>
public static class MailKinds
{
    // A guest's own answer (Features/Rsvps).
    public const string Confirmed = "rsvp-confirmed";
    public const string Waitlisted = "rsvp-waitlisted";
    public const string Declined = "rsvp-declined";
    public const string AlreadyAnswered = "rsvp-already";
    public const string Changed = "rsvp-changed";
    public const string Promoted = "rsvp-promoted";

    // What the host did to one answer (Features/Rsvps, from the dashboard).
    public const string TicketsResent = "rsvp-tickets-resent";
    public const string RemovedByHost = "rsvp-removed";

    /// <summary>New codes after staff revoked the key that signed the old ones (Features/Rsvps, from the staff key page).</summary>
    public const string TicketsReissued = "rsvp-tickets-reissued";

    // What the host did, and the reminder (Features/Guests).
    public const string HostMessage = "host-message";
    public const string ScreeningChanged = "screening-changed";
    public const string ScreeningCancelled = "screening-cancelled";
    public const string Reminder = "rsvp-reminder";

    // Invitations (Features/Invitations).
    public const string Invitation = "invitation";

    /// <summary>A new time or place, to an invitation not answered yet (its failures show on the invite page like the invitation's).</summary>
    public const string InvitationChanged = "invitation-changed";

    // What the host hears about answers (Features/Rsvps, Features/Guests).
    public const string HostRsvp = "host-rsvp";
    public const string HostDigest = "host-digest";

    // Accounts (Features/Account) and staff decisions (Features/Staff).
    public const string Account = "account";
    public const string Moderation = "moderation";

    /// <summary>The mails a guest gets about a screening: a failure among them shows on that guest's row of the guest list.</summary>
    public static IReadOnlyList<string> ToGuests { get; } =
        [Confirmed, Waitlisted, Declined, AlreadyAnswered, Changed, Promoted, TicketsResent, TicketsReissued, RemovedByHost, HostMessage, ScreeningChanged, ScreeningCancelled, Reminder];
}
