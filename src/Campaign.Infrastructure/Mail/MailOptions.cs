using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Campaign.Infrastructure.Mail;

public enum MailMode
{
    /// <summary>Each message is written as a .eml file in the data folder (readable at /mail).</summary>
    Pickup,

    /// <summary>Messages go to an SMTP server.</summary>
    Smtp,
}

/// <summary>Section "Mail".</summary>
public sealed class MailOptions : IValidatableObject
{
    public const string Section = "Mail";

    public MailMode Mode { get; set; } = MailMode.Pickup;

    /// <summary>Sender, e.g. "I Am Jane Doe screenings &lt;screenings@example.org&gt;".</summary>
    public string From { get; set; } = "Campaign <no-reply@campaign.invalid>";

    /// <summary>Pickup folder; relative paths are under the data folder.</summary>
    public string PickupDirectory { get; set; } = "mail";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Run the outbox dispatcher in this instance (tests turn it off and drive it step by step).</summary>
    public bool DispatchInBackground { get; set; } = true;

    /// <summary>How often the dispatcher looks for mail queued by other instances and for retries.</summary>
    public int PollSeconds { get; set; } = 5;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!MimeKit.MailboxAddress.TryParse(From, out var from) || !from.Address.Contains('@', StringComparison.Ordinal) || from.Domain.Length == 0)
        {
            yield return new ValidationResult("Mail:From must be a mail address such as \"Campaign <screenings@example.org>\".", [nameof(From)]);
        }

        if (Mode == MailMode.Smtp)
        {
            if (string.IsNullOrWhiteSpace(Smtp.Host))
            {
                yield return new ValidationResult("Mail:Smtp:Host is required when Mail:Mode is Smtp.", ["Smtp"]);
            }

            if (Smtp.Port is < 1 or > 65535)
            {
                yield return new ValidationResult("Mail:Smtp:Port must be between 1 and 65535.", ["Smtp"]);
            }
        }
    }
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? User { get; set; }

    public string? Password { get; set; }
}
