using System.ComponentModel.DataAnnotations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Features.Rsvps;

/// <summary>The public RSVP form on a screening's page. Field names are a contract: invitations post <c>InviteToken</c>.</summary>
public sealed class RsvpForm
{
    /// <summary>Generous bound for the form; the screening's own MaxPlusOnes is checked by the service.</summary>
    public const int MaxGuestNames = Screening.MaxPlusOnesLimit;

    [Required(ErrorMessage = "Give your name.")]
    [StringLength(Rsvp.NameMaxLength, ErrorMessage = "Your name can be at most {1} characters.")]
    [Display(Name = "Your name")]
    public string Name { get; set; } = "";

    [Required(ErrorMessage = "Give your e-mail address.")]
    [StringLength(Rsvp.EmailMaxLength, ErrorMessage = "The address can be at most {1} characters.")]
    [Display(Name = "E-mail address")]
    public string Email { get; set; } = "";

    [Display(Name = "Will you come?")]
    public bool Attending { get; set; } = true;

    [Range(1, Screening.MaxPlusOnesLimit + 1, ErrorMessage = "Choose how many people are coming.")]
    [Display(Name = "How many people, you included")]
    public int PartySize { get; set; } = 1;

    [MaxLength(MaxGuestNames, ErrorMessage = "Too many guest names.")]
    public List<string?> GuestNames { get; set; } = [];

    [Range(typeof(bool), "true", "true", ErrorMessage = "Please agree to the privacy notice so we can keep your answer.")]
    [Display(Name = "I agree to the privacy notice: my name and e-mail address are kept to manage this RSVP.")]
    public bool Consent { get; set; }

    /// <summary>Discreet mode: mails, calendar entries and pages use the screening's neutral title (decisions/0023).</summary>
    [Display(Name = "Discreet mode: my mails, calendar entry and pages use a neutral title instead of the film's name and subject.")]
    public bool Discreet { get; set; }

    /// <summary>From a personal invitation link (<c>/s/{slug}?invite=...</c>); unknown tokens are ignored.</summary>
    [StringLength(64)]
    public string? InviteToken { get; set; }
}

/// <summary>Changing the party on the manage page (also used when coming back after cancelling or declining).</summary>
public sealed class PartyForm
{
    [Range(1, Screening.MaxPlusOnesLimit + 1, ErrorMessage = "Choose how many people are coming.")]
    [Display(Name = "How many people, you included")]
    public int PartySize { get; set; } = 1;

    [MaxLength(RsvpForm.MaxGuestNames, ErrorMessage = "Too many guest names.")]
    public List<string?> GuestNames { get; set; } = [];
}

/// <summary>What the RSVP form needs to know about the screening.</summary>
public sealed record RsvpFormContext(
    string Slug,
    string Title,
    string When,
    bool Open,
    string? ClosedReason,
    bool Full,
    SeatsShown Seats,
    int MaxPlusOnes,
    string? ContentNote,
    string DeadlineText)
{
    /// <summary>The form is shown discreetly (the screening is discreet, or the guest chose it): no film subject.</summary>
    public bool Discreet { get; init; }

    /// <summary>The screening itself is discreet: the guest's own choice is not asked.</summary>
    public bool ScreeningDiscreet { get; init; }

    /// <summary>The screening has a content note (shown behind "If you need support" when discreet).</summary>
    public bool HasContentNote { get; init; }
}

/// <summary>The manage page.</summary>
public sealed record ManageView(
    string Token,
    Rsvp Rsvp,
    Screening Screening,
    string When,
    string PublicPlace,
    bool CanChange,
    string? ClosedReason,
    bool Blocked,
    PartyForm Party,
    IReadOnlyList<TicketLink> Tickets,
    int? WaitlistNumber)
{
    /// <summary>The page is discreet: the screening is, or the guest chose it.</summary>
    public bool Discreet => Screening.IsDiscreetFor(Rsvp.IsDiscreet);

    /// <summary>The title this guest sees.</summary>
    public string Title => Screening.TitleFor(Rsvp.IsDiscreet);

    /// <summary>The full address or online link: only for a guest who holds seats.</summary>
    public bool ShowsPrivatePlace => Rsvp.Status == RsvpStatus.Confirmed && Screening.Status == ScreeningStatus.Scheduled;
}

/// <summary>One of the guest's valid tickets on the manage page: who it admits and its own page.</summary>
public sealed record TicketLink(string Holder, string Path);

public sealed record RsvpMessageView(string Title, string Message, string? BackUrl = null);

/// <summary>How an answer from the form ended; the guest sees the same page for every accepted answer.</summary>
public enum AnswerOutcome
{
    /// <summary>Stored, or mailed "you already answered", or silently dropped for a blocked address.</summary>
    Accepted,

    /// <summary>Bad input: messages are in ModelState, nothing stored.</summary>
    Invalid,

    /// <summary>Past the deadline or cancelled: nothing stored.</summary>
    Closed,

    /// <summary>No such screening (or not public to guests).</summary>
    NotFound,
}
