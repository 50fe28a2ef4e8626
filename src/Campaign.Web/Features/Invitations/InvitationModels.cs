using System.ComponentModel.DataAnnotations;
using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;

namespace Campaign.Web.Features.Invitations;

public sealed class InviteForm
{
    /// <summary>About 200 addresses with names; the count itself is checked after parsing.</summary>
    public const int AddressesMaxLength = 60_000;

    public const int MaxAddresses = 200;

    [Required(ErrorMessage = "Paste at least one e-mail address.")]
    [StringLength(AddressesMaxLength, ErrorMessage = "That is too much text. Paste at most 200 addresses at a time.")]
    [Display(Name = "E-mail addresses")]
    public string Addresses { get; set; } = "";

    // Length is checked after line breaks are normalised (a browser sends CR LF, which would count twice).
    [Display(Name = "Personal message (optional, plain text)")]
    public string? Message { get; set; }
}

/// <summary>What happened to one pasted list.</summary>
public sealed record InviteOutcome(
    IReadOnlyList<string> Invited,
    IReadOnlyList<(string Input, string Reason)> Invalid,
    IReadOnlyList<string> AlreadyInvited,
    int CannotInvite,
    int DuplicatesMerged);

public sealed record InvitationCounts(int Total, int Queued, int Sent, int Failed, int Accepted, int Declined)
{
    /// <summary>Mails that left: sent, and those already answered (which were sent first).</summary>
    public int Delivered => Sent + Accepted + Declined;
}

public sealed record InvitationRow(Guid Id, string Email, InvitationState State, string StateText, string? FailureReason, string InvitedAt, string? SentAt, bool Resent, bool CanResend);

/// <summary>The invite page: the form (when inviting is possible now), the limit, the last outcome and every invitation so far.</summary>
public sealed record InvitePageView(
    Screening Screening,
    string? NotPossible,
    int LimitPerDay,
    int LeftToday,
    InviteOutcome? Outcome,
    InvitationCounts Counts,
    IReadOnlyList<InvitationRow> Rows);

/// <summary>What the invitee's pages (report, unsubscribe) show.</summary>
public sealed record InviteeView(string Token, string Email, string ScreeningTitle, string HostName, bool Unsubscribed, bool Reported);
