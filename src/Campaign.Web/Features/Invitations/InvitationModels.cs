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

    /// <summary>The host marks these invitees discreet (decisions/0023): the invitation and their answer use the neutral title.</summary>
    [Display(Name = "Discreet mode for these invitees")]
    public bool Discreet { get; set; }
}

/// <summary>What happened to one pasted list.</summary>
public sealed record InviteOutcome(
    IReadOnlyList<string> Invited,
    IReadOnlyList<(string Input, string Reason)> Invalid,
    IReadOnlyList<string> AlreadyInvited,
    int CannotInvite,
    int DuplicatesMerged);

/// <summary>
/// The outcome as the page after the redirect shows it (post/redirect/get: a reload sends nothing again), carried in
/// TempData, an encrypted cookie. Long lists are cut to what a cookie holds and say how many more there were.
/// </summary>
public sealed record InviteSummary(
    int InvitedCount,
    IReadOnlyList<string> Invited,
    IReadOnlyList<InviteRefusal> Invalid,
    int MoreInvalid,
    IReadOnlyList<string> AlreadyInvited,
    int MoreAlreadyInvited,
    int CannotInvite,
    int DuplicatesMerged,
    string? Retry,
    string? Message)
{
    public const int MaxListed = 30;

    /// <summary>At most this much of the unreadable entries goes back into the box.</summary>
    public const int MaxRetryLength = 3000;

    public static InviteSummary Of(InviteOutcome outcome, string? message)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var retry = string.Join("\n", outcome.Invalid.Select(i => i.Input));
        return new InviteSummary(
            outcome.Invited.Count,
            [.. outcome.Invited.Take(MaxListed)],
            [.. outcome.Invalid.Take(MaxListed).Select(i => new InviteRefusal(i.Input, i.Reason))],
            Math.Max(0, outcome.Invalid.Count - MaxListed),
            [.. outcome.AlreadyInvited.Take(MaxListed)],
            Math.Max(0, outcome.AlreadyInvited.Count - MaxListed),
            outcome.CannotInvite,
            outcome.DuplicatesMerged,
            retry.Length == 0 ? null : retry.Length <= MaxRetryLength ? retry : retry[..retry.LastIndexOf('\n', MaxRetryLength)],
            outcome.Invalid.Count == 0 ? null : message);
    }
}

public sealed record InviteRefusal(string Input, string Reason);

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
    InviteSummary? Outcome,
    InvitationCounts Counts,
    IReadOnlyList<InvitationRow> Rows);

/// <summary>What the invitee's pages (report, unsubscribe) show.</summary>
public sealed record InviteeView(string Token, string Email, string ScreeningTitle, string HostName, bool Unsubscribed, bool Reported)
{
    /// <summary>The invitation is discreet (decisions/0023): the pages name neither the film nor its subject.</summary>
    public bool Discreet { get; init; }
}
