using System.ComponentModel.DataAnnotations;

namespace Campaign.Infrastructure.Configuration;

/// <summary>Section "Campaign".</summary>
public sealed class CampaignOptions : IValidatableObject
{
    public const string Section = "Campaign";

    /// <summary>Base address used in links that leave the app (mail). Empty: taken from the request.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Folder for the SQLite file, mail pickup and other local data. Relative paths are under the content root.</summary>
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Accounts with these addresses are campaign staff once their address is confirmed.</summary>
    public IList<string> StaffEmails { get; } = [];

    /// <summary>Behind a reverse proxy or load balancer on another address: trust its X-Forwarded-For/-Proto headers.</summary>
    public bool TrustForwardedHeaders { get; set; }

    /// <summary>How many hours before the start each confirmed guest gets a reminder.</summary>
    public int ReminderHoursBefore { get; set; } = 24;

    /// <summary>Run this instance's background jobs (reminders). Tests turn it off and run them step by step.</summary>
    public bool RunBackgroundJobs { get; set; } = true;
    /// <summary>Invitations a trusted host may create per rolling 24 hours (all screenings together).</summary>
    [Range(1, 100_000, ErrorMessage = "Campaign:InviteLimitPerDay must be between 1 and 100000.")]
    public int InviteLimitPerDay { get; set; } = 300;

    /// <summary>The same limit until staff approved one of the host's public screenings (IsTrustedHost).</summary>
    [Range(1, 100_000, ErrorMessage = "Campaign:InviteLimitPerDayUntrusted must be between 1 and 100000.")]
    public int InviteLimitPerDayUntrusted { get; set; } = 50;

    /// <summary>
    /// Where "Leave this page quickly" goes: a neutral site, a common search engine's home page by default, as
    /// domestic-violence services do. Only navigated to (replacing the page); nothing is loaded from it before the click.
    /// </summary>
    public string QuickExitUrl { get; set; } = DefaultQuickExitUrl;

    public const string DefaultQuickExitUrl = "https://www.google.com/";

    public FilmOptions Film { get; set; } = new();

    public IList<SupportResource> SupportResources { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicBaseUrl)
            && (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Campaign:PublicBaseUrl must be an absolute http(s) address such as https://screenings.example.org.", [nameof(PublicBaseUrl)]);
        }

        // Refused at start-up rather than replaced by the default: an operator who chose a site should learn that the
        // choice did not take, and a javascript: or relative value must never reach the page (ADR 0024).
        if (!IsAbsoluteHttp(QuickExitUrl))
        {
            yield return new ValidationResult($"Campaign:QuickExitUrl must be an absolute http(s) address such as {DefaultQuickExitUrl} (it is where \"Leave this page quickly\" goes).", [nameof(QuickExitUrl)]);
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            yield return new ValidationResult("Campaign:DataDirectory must name a folder.", [nameof(DataDirectory)]);
        }

        foreach (var email in StaffEmails)
        {
            if (!Campaign.Domain.EmailAddress.TryParse(email, out _))
            {
                yield return new ValidationResult($"Campaign:StaffEmails holds '{email}', which is not an e-mail address.", [nameof(StaffEmails)]);
            }
        }

        if (ReminderHoursBefore is < 1 or > 24 * 14)
        {
            yield return new ValidationResult("Campaign:ReminderHoursBefore must be between 1 and 336 (two weeks).", [nameof(ReminderHoursBefore)]);
        }

        if (string.IsNullOrWhiteSpace(Film.Title))
        {
            yield return new ValidationResult("Campaign:Film:Title must not be empty.", ["Film"]);
        }

        if (!string.IsNullOrWhiteSpace(Film.TrailerUrl) && !Uri.TryCreate(Film.TrailerUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult("Campaign:Film:TrailerUrl must be an absolute address.", ["Film"]);
        }
    }

    private static bool IsAbsoluteHttp(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && value.Trim() == value
        && Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host)
        && string.IsNullOrEmpty(uri.UserInfo);

    public bool IsStaffEmail(string? email) =>
        email is not null && StaffEmails.Any(s => string.Equals(s.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
}

public sealed class FilmOptions
{
    public string Title { get; set; } = "I Am Jane Doe";

    public string Synopsis { get; set; } =
        "I Am Jane Doe chronicles the epic battle that several American mothers are waging on behalf of their middle-school daughters, "
        + "victims of sex trafficking on Backpage.com, the classified advertising website that was, at the time, "
        + "the largest marketplace for buying and selling sex in the United States.";

    public int RuntimeMinutes { get; set; } = 104;

    public string? Director { get; set; } = "Mary Mazzio";

    /// <summary>A plain link to the trailer; never embedded, so the page makes no request to another origin.</summary>
    public string? TrailerUrl { get; set; } = "https://www.iamjanedoefilm.com/";
}

public sealed class SupportResource
{
    public string Name { get; set; } = "";

    public string? Phone { get; set; }

    public string? Text { get; set; }

    public string? Url { get; set; }

    public string? Description { get; set; }
}
