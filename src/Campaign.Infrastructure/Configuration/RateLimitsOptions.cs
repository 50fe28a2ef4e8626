using System.ComponentModel.DataAnnotations;

namespace Campaign.Infrastructure.Configuration;

/// <summary>Section "RateLimits": how many posts one client may make per window, per named policy.</summary>
public sealed class RateLimitsOptions : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>RSVP forms, counted per client IP address (guests are anonymous).</summary>
    public RateLimitRule Rsvp { get; set; } = new();

    /// <summary>
    /// The door poster's walk-in form, counted per client IP address: higher than <see cref="Rsvp"/>, because a queue at
    /// the door shares the venue's Wi-Fi (one address) within minutes; the seats bound it anyway.
    /// </summary>
    public RateLimitRule WalkIn { get; set; } = new() { PermitLimit = 60, WindowSeconds = 60 };

    /// <summary>Invitations and messages to guests, counted per signed-in user.</summary>
    public RateLimitRule Invite { get; set; } = new();

    /// <summary>The door's API (scans, counts, search), counted per account or per door link, never per IP: door phones share one.</summary>
    public RateLimitRule CheckIn { get; set; } = new() { PermitLimit = 600, WindowSeconds = 60 };

    /// <summary>Log-in posts (password, two-factor and recovery-code steps), counted per client IP address.</summary>
    public RateLimitRule Login { get; set; } = new() { PermitLimit = 10, WindowSeconds = 60 };

    /// <summary>Log-in posts naming one address, counted per address (known or not, so the limit reveals nothing).</summary>
    public RateLimitRule LoginAccount { get; set; } = new() { PermitLimit = 10, WindowSeconds = 900 };

    /// <summary>Two-factor and recovery-code tries, counted per account (the user the password step let through).</summary>
    public RateLimitRule TwoFactor { get; set; } = new() { PermitLimit = 5, WindowSeconds = 300 };

    /// <summary>Registrations, counted per client IP address.</summary>
    public RateLimitRule Register { get; set; } = new() { PermitLimit = 10, WindowSeconds = 3600 };

    /// <summary>Forgot-password and resend-confirmation posts, counted per client IP address.</summary>
    public RateLimitRule AccountMail { get; set; } = new() { PermitLimit = 10, WindowSeconds = 3600 };

    /// <summary>
    /// Account mails (reset, confirmation, "already registered", lockout) to one address, whatever the client: counted
    /// in the outbox, so across instances; past the limit nothing more is queued and the page says the same words.
    /// </summary>
    public RateLimitRule AccountMailPerAddress { get; set; } = new() { PermitLimit = 3, WindowSeconds = 3600 };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, rule) in new[]
        {
            (nameof(Rsvp), Rsvp), (nameof(WalkIn), WalkIn), (nameof(Invite), Invite), (nameof(CheckIn), CheckIn), (nameof(Login), Login),
            (nameof(LoginAccount), LoginAccount), (nameof(TwoFactor), TwoFactor), (nameof(Register), Register),
            (nameof(AccountMail), AccountMail), (nameof(AccountMailPerAddress), AccountMailPerAddress),
        })
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
