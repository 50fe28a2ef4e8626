using System.ComponentModel.DataAnnotations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Features.WalkIns;

/// <summary>The walk-in form behind the door poster's QR code: name, e-mail (optional), party size, consent.</summary>
public sealed class WalkInForm
{
    [Required(ErrorMessage = "Give your name: the door looks for it.")]
    [StringLength(Rsvp.NameMaxLength, ErrorMessage = "Your name can be at most {1} characters.")]
    [Display(Name = "Your name")]
    public string Name { get; set; } = "";

    [StringLength(Rsvp.EmailMaxLength, ErrorMessage = "The address can be at most {1} characters.")]
    [Display(Name = "E-mail address (optional)")]
    public string? Email { get; set; }

    [Range(1, Screening.MaxPlusOnesLimit + 1, ErrorMessage = "Choose how many people are coming.")]
    [Display(Name = "How many people, you included")]
    public int PartySize { get; set; } = 1;

    [Range(typeof(bool), "true", "true", ErrorMessage = "Please agree so we can keep your name for the door.")]
    [Display(Name = "I agree to the privacy notice: my name (and e-mail address, if I give one) is kept for this screening only.")]
    public bool Consent { get; set; }

    [Display(Name = "Discreet mode: mails to me use a neutral title instead of the film's name and subject.")]
    public bool Discreet { get; set; }
}

/// <summary>What the walk-in form page shows.</summary>
/// <param name="Closed">Why no walk-ins are taken now, or null when they are.</param>
/// <param name="WaitlistOpen">RSVPs are still open: a walk-in with an address who finds it full joins the waitlist.</param>
public sealed record WalkInPage(
    string Token,
    string Slug,
    string Title,
    string When,
    string? Closed,
    SeatsShown Seats,
    int MaxParty,
    bool WaitlistOpen,
    bool Discreet,
    WalkInForm Form);

/// <summary>The host's printable door poster.</summary>
public sealed record PosterView(string Slug, string Title, string When, string Place, string Url, string QrImage, string OpensAt, bool Discreet);
