using System.ComponentModel.DataAnnotations;
using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;

namespace Campaign.Web.Features.Guests;

public sealed class MessageForm
{
    public const int MaxLength = 2000;

    [Required(ErrorMessage = "Write the message.")]
    [StringLength(MaxLength, ErrorMessage = "The message can be at most {1} characters.")]
    [Display(Name = "Message to all confirmed guests (plain text)")]
    public string Message { get; set; } = "";
}

/// <summary>One answer on the guest list; <paramref name="MailProblem"/> when the last mail to the guest could not be delivered.</summary>
/// <param name="WalkIn">Came in at the door (poster form or "Add walk-in"); <paramref name="Email"/> is empty when they gave none.</param>
public sealed record GuestRow(string Name, string Email, int PartySize, IReadOnlyList<string> GuestNames, string Since, string? MailProblem, bool WalkIn = false);

public sealed record InvitationRow(string Email, InvitationState State, string StateText);

public sealed record GuestCounts(int SeatsTaken, int Capacity, int ConfirmedParties, int ConfirmedPeople, int WaitlistedPeople, int Declined, int Invited);

public sealed record GuestListView(
    Screening Screening,
    string When,
    bool CanMessage,
    GuestCounts Counts,
    IReadOnlyList<GuestRow> Confirmed,
    IReadOnlyList<GuestRow> Waitlisted,
    IReadOnlyList<GuestRow> Declined,
    IReadOnlyList<GuestRow> Cancelled,
    IReadOnlyList<InvitationRow> Invitations)
{
    /// <summary>The message form (its fields post as Form.Message).</summary>
    public MessageForm Form { get; init; } = new();

    /// <summary>Scans decided offline at a door that the server refused when they were sent.</summary>
    public IReadOnlyList<Campaign.Web.Features.CheckIn.DoorConflict> Conflicts { get; init; } = [];
}

/// <summary>The tabs of the dashboard's guest list (<c>?tab=going|waitlist|invited|checked-in</c>).</summary>
public enum DashboardTab
{
    Going,
    Waitlist,
    Invited,
    CheckedIn,
}

/// <summary>People (and parties) going and waiting; checked in is people; opened and answered count invitations.</summary>
public sealed record DashboardCounts(int Going, int GoingParties, int Waitlist, int WaitlistParties, int CheckedIn, int Invited, int Opened, int Answered, int SeatsTaken, int Capacity);

/// <summary>One local day with answers: how many answered, and the running total of people going now.</summary>
public sealed record DayCount(DateOnly Day, int Answers, int GoingTotal)
{
    /// <summary>The day's midnight read as UTC, in Unix seconds: the chart's time axis (shown in UTC, so it is this very day).</summary>
    public long UnixSeconds => (Day.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86400L;
}

/// <summary>Something the host could do next; <paramref name="Href"/> when there is a page for it.</summary>
public sealed record NextStep(string Text, string? Href, string? LinkText);

/// <summary>One answer on the dashboard. <paramref name="CheckedIn"/> is people of the party checked in.</summary>
/// <param name="WalkIn">Came in at the door (poster form or "Add walk-in"); <paramref name="Email"/> is empty when they gave none.</param>
public sealed record GuestLine(Guid Id, string Name, string Email, int PartySize, IReadOnlyList<string> GuestNames, string Since, int CheckedIn, string? CheckedInAt, string? MailProblem, bool Fits, bool WalkIn = false);

public sealed record InvitedLine(string Email, string StateText, string? OpenedAt);

public sealed record DashboardView(
    DashboardTab Tab,
    bool CanAct,
    DashboardCounts Counts,
    IReadOnlyList<DayCount> Days,
    IReadOnlyList<NextStep> NextSteps,
    IReadOnlyList<GuestLine> Going,
    IReadOnlyList<GuestLine> Waitlist,
    IReadOnlyList<GuestLine> CheckedIn,
    IReadOnlyList<InvitedLine> Invited);
