using System.ComponentModel.DataAnnotations;
using Campaign.Domain.Screenings;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Features.Screenings;

public sealed class ScreeningForm
{
    [Required(ErrorMessage = "Give the screening a title.")]
    [StringLength(Screening.TitleMaxLength, ErrorMessage = "The title can be at most {1} characters.")]
    [Display(Name = "Title")]
    public string Title { get; set; } = "";

    [StringLength(Screening.DescriptionMaxLength, ErrorMessage = "The description can be at most {1} characters.")]
    [Display(Name = "Description")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "Choose when it starts.")]
    [DataType(DataType.DateTime)]
    [Display(Name = "Starts")]
    public DateTime? StartLocal { get; set; }

    [Required(ErrorMessage = "Choose when it ends.")]
    [DataType(DataType.DateTime)]
    [Display(Name = "Ends")]
    public DateTime? EndLocal { get; set; }

    [Required(ErrorMessage = "Choose the time zone.")]
    [StringLength(64)]
    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = "";

    [Display(Name = "Online screening")]
    public bool IsOnline { get; set; }

    [StringLength(200, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Venue name")]
    public string? VenueName { get; set; }

    [StringLength(300, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Street address (only guests see it)")]
    public string? StreetAddress { get; set; }

    [StringLength(120, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "City")]
    public string? City { get; set; }

    [StringLength(120, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Region, state or province")]
    public string? Region { get; set; }

    [StringLength(20, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Postal code")]
    public string? PostalCode { get; set; }

    [StringLength(2)]
    [Display(Name = "Country")]
    public string? CountryCode { get; set; }

    [StringLength(500, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Online link (only guests see it)")]
    public string? OnlineUrl { get; set; }

    [Required(ErrorMessage = "Say how many seats there are.")]
    [Range(1, Screening.MaxCapacity, ErrorMessage = "Capacity must be between 1 and 10,000.")]
    [Display(Name = "Seats")]
    public int? Capacity { get; set; }

    [DataType(DataType.DateTime)]
    [Display(Name = "RSVP deadline (optional)")]
    public DateTime? RsvpDeadlineLocal { get; set; }

    [Range(0, Screening.MaxPlusOnesLimit, ErrorMessage = "Plus-ones must be between 0 and 20.")]
    [Display(Name = "Plus-ones a guest may bring")]
    public int MaxPlusOnes { get; set; } = 1;

    [StringLength(Screening.NotesMaxLength, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Accessibility notes")]
    public string? AccessibilityNotes { get; set; }

    [StringLength(Screening.NotesMaxLength, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Content note")]
    public string? ContentNote { get; set; }

    [Display(Name = "Who can find it")]
    public ScreeningVisibility Visibility { get; set; } = ScreeningVisibility.Unlisted;

    [StringLength(Screening.HostedByMaxLength, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Hosted by (optional)")]
    public string? HostedByName { get; set; }

    [Display(Name = "When someone answers, tell me")]
    public HostNotice HostNotice { get; set; } = HostNotice.DailyDigest;

    [Display(Name = "Show the number of seats left")]
    public bool ShowSeatsLeft { get; set; }

    [Display(Name = "Discreet mode: guests' mails, calendar entries and pages show a neutral title instead of the film's name and subject")]
    public bool Discreet { get; set; }

    // Longer than the stored limit: the entity cuts the cleaned text; the form only refuses what is clearly too long.
    [StringLength(200, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Neutral title (discreet mode)")]
    public string? NeutralTitle { get; set; }

    /// <summary>Set on edit: the version the host started from, so two edits never silently overwrite each other.</summary>
    public int? Version { get; set; }
}

/// <summary>Duplicating a screening: only the new start (and its zone) is asked; everything else is copied.</summary>
public sealed class DuplicateForm
{
    [Required(ErrorMessage = "Choose when the new screening starts.")]
    [DataType(DataType.DateTime)]
    [Display(Name = "New start")]
    public DateTime? StartLocal { get; set; }

    [Required(ErrorMessage = "Choose the time zone.")]
    [StringLength(64)]
    [Display(Name = "Time zone")]
    public string TimeZoneId { get; set; } = "";
}

public sealed class CancelForm
{
    [StringLength(Screening.ReasonMaxLength, ErrorMessage = "At most {1} characters.")]
    [Display(Name = "Reason (sent to your guests and invitees)")]
    public string? Reason { get; set; }
}

public sealed record ScreeningPageView(
    Screening Screening,
    string When,
    string ZoneId,
    string PublicPlace,
    bool ShowPrivateDetails,
    bool IsHost,
    bool IsStaff,
    bool HostSuspended,
    string ShareUrl,
    string? ModerationNote);

/// <summary>The host's own screening page: the screening as on its public page, and the dashboard over its guests.</summary>
public sealed record ScreeningDashboardView(ScreeningPageView Page, Campaign.Web.Features.Guests.DashboardView Guests, bool IsOwner);

public sealed record ScreeningSummary(string Slug, string Title, string When, string Place, bool IsOnline, SeatsShown Seats, string? Status);

public sealed class DirectoryFilter
{
    [StringLength(120)]
    [Display(Name = "City")]
    public string? City { get; set; }

    [StringLength(120)]
    [Display(Name = "Region")]
    public string? Region { get; set; }

    [StringLength(20)]
    [Display(Name = "Postal code starts with")]
    public string? Postal { get; set; }

    [StringLength(2)]
    [Display(Name = "Country")]
    public string? Country { get; set; }

    [DataType(DataType.Date)]
    [Display(Name = "From")]
    public DateOnly? From { get; set; }

    [DataType(DataType.Date)]
    [Display(Name = "To")]
    public DateOnly? To { get; set; }

    [Range(1, 100_000)]
    public int Page { get; set; } = 1;
}

public sealed record DirectoryView(DirectoryFilter Filter, IReadOnlyList<ScreeningSummary> Items, bool HasPrevious, bool HasNext, int Total);

public sealed record MyScreeningsView(IReadOnlyList<ScreeningSummary> Upcoming, IReadOnlyList<ScreeningSummary> Past, bool EmailConfirmed);
