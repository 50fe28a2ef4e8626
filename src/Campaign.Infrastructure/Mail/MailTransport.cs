using System.Globalization;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Infrastructure.Mail;

/// <summary>Where composed messages go: a pickup folder or an SMTP server.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Writes each message as a .eml file; the mail page reads them back.</summary>
public sealed class PickupMailTransport(MailFolder folder, TimeProvider clock) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Directory.CreateDirectory(folder.Path);
        var name = string.Create(CultureInfo.InvariantCulture, $"{clock.GetUtcNow():yyyyMMdd'T'HHmmssfff}-{Guid.NewGuid():N}.eml");
        var temp = Path.Combine(folder.Path, name + ".tmp");
        await message.WriteToAsync(temp, cancellationToken);
        // Rename once complete so a reader never sees half a message.
        File.Move(temp, Path.Combine(folder.Path, name));
    }
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, smtp.Security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>The resolved pickup folder.</summary>
public sealed record MailFolder(string Path);
