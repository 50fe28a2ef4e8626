using System.Globalization;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Infrastructure.Mail;

/// <summary>Where composed messages go: a pickup folder or an SMTP server.</summary>
public interface IMailTransport
{
    /// <summary>Opens a session that sends many messages (one SMTP connection for a batch).</summary>
    Task<IMailSession> OpenAsync(CancellationToken cancellationToken);
}

public interface IMailSession : IAsyncDisposable
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>Drops a broken connection so the next send reconnects.</summary>
    Task ResetAsync(CancellationToken cancellationToken);
}

/// <summary>Writes each message as a .eml file; the mail page reads them back.</summary>
public sealed class PickupMailTransport(MailFolder folder, TimeProvider clock) : IMailTransport, IMailSession
{
    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IMailSession>(this);

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

    public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Sends through an SMTP server with MailKit, one connection per session.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IMailSession>(new Session(options.Value.Smtp));

    private sealed class Session(SmtpOptions smtp) : IMailSession
    {
        private SmtpClient? _client;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (_client is not { IsConnected: true })
            {
                _client?.Dispose();
                _client = new SmtpClient { Timeout = 30_000 };
                await _client.ConnectAsync(smtp.Host ?? "localhost", smtp.Port, smtp.Security, cancellationToken);
                if (!string.IsNullOrEmpty(smtp.User))
                {
                    await _client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
                }
            }

            await _client.SendAsync(message, cancellationToken);
        }

        public Task ResetAsync(CancellationToken cancellationToken)
        {
            _client?.Dispose();
            _client = null;
            return Task.CompletedTask;
        }

        public async ValueTask DisposeAsync()
        {
            if (_client is { IsConnected: true })
            {
                try
                {
                    await _client.DisconnectAsync(quit: true);
                }
                catch (IOException)
                {
                    // The server went away; nothing to close.
                }
            }

            _client?.Dispose();
        }
    }
}

/// <summary>The resolved pickup folder.</summary>
public sealed record MailFolder(string Path);
