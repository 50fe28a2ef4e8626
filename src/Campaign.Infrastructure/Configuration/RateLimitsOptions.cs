using System.ComponentModel.DataAnnotations;

namespace Campaign.Infrastructure.Configuration;

/// <summary>Section "RateLimits": how many posts one client may make per window, per named policy.</summary>
public sealed class RateLimitsOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>RSVP forms, counted per client IP address (guests are anonymous).</summary>
    public RateLimitRule Rsvp { get; set; } = new();

    /// <summary>Invitations and messages to guests, counted per signed-in user.</summary>
    public RateLimitRule Invite { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in new[] { (nameof(Rsvp), Rsvp), (nameof(Invite), Invite) })
        {
            if (rule.PermitLimit < 1)
            {
                yield return new ValidationResult($"RateLimits:{name}:PermitLimit must be at least 1.", [name]);
            }

            if (rule.WindowSeconds is < 1 or > 86_400)
            {
                yield return new ValidationResult($"RateLimits:{name}:WindowSeconds must be between 1 and 86400.", [name]);
            }
        }
    }
}

/// <summary>A fixed window: at most <see cref="PermitLimit"/> requests every <see cref="WindowSeconds"/> seconds.</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; } = 10;

    public int WindowSeconds { get; set; } = 60;
}
