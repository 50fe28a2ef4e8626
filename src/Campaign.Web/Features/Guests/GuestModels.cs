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
public sealed record GuestRow(string Name, string Email, int PartySize, IReadOnlyList<string> GuestNames, string Since, string? MailProblem);

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
