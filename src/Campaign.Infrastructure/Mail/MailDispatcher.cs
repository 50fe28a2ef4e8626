using System.Net.Sockets;
using Campaign.Infrastructure.Data;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Campaign.Infrastructure.Mail;

/// <summary>Sends the outbox: claims due rows atomically (safe with several instances), sends them on one connection, records the outcome.</summary>
public sealed class MailDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    MailSender composer,
    TimeProvider clock,
    ILogger<MailDispatcher> logger)
{
    public const int BatchSize = 50;
    private const int SaveEvery = 10;

    /// <summary>
    /// How long a claim holds. Short, so a dispatcher that dies mid-batch leaves its rows to another within a minute or
    /// so; renewed every <see cref="RenewEvery"/> while the batch is being sent, so a slow server never lets a second
    /// dispatcher take rows that are still being sent.
    /// </summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);

    /// <summary>Sends every due message once; returns how many were sent. Tests drive this with a fake clock.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var sent = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await SendBatchAsync(ct);
            sent += batch.Sent;
            if (batch.Claimed < BatchSize)
            {
                break;
            }
        }

        return sent;
    }

    private async Task<(int Claimed, int Sent)> SendBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var claim = Guid.NewGuid();
        var until = now + ClaimFor;

        // One conditional UPDATE claims the rows: two instances never take the same one.
        var due = db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
            .OrderBy(m => m.NextAttemptAtUtc).ThenBy(m => m.CreatedAtUtc)
            .Select(m => m.Id)
            .Take(BatchSize);
        var claimed = await db.OutboxMessages
            .Where(m => due.Contains(m.Id) && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimToken, claim).SetProperty(m => m.ClaimedUntilUtc, until), ct);
        if (claimed == 0)
        {
            return (0, 0);
        }

        var messages = await db.OutboxMessages.Include(m => m.Parts).Where(m => m.ClaimToken == claim).OrderBy(m => m.CreatedAtUtc).ToListAsync(ct);
        var sent = 0;
        var unsaved = 0;
        var renewed = now;
        await using var session = await transport.OpenAsync(ct);
        try
        {
            foreach (var message in messages)
            {
                if (clock.GetUtcNow().UtcDateTime - renewed >= RenewEvery)
                {
                    renewed = await RenewAsync(db, claim, ct);
                }

                var outcome = await TrySendAsync(session, message, ct);
                now = clock.GetUtcNow().UtcDateTime;
                switch (outcome.Kind)
                {
                    case SendKind.Sent:
                        message.MarkSent(now);
                        sent++;
                        break;
                    case SendKind.Permanent:
                        message.Fail(outcome.Error!);
                        break;
                    default:
                        message.Retry(outcome.Error!, now);
                        break;
                }

                // Every feature's handler (invitations, and any other that registers one) sees every outcome.
                foreach (var hook in scope.ServiceProvider.GetServices<IOutboxOutcomeHandler>())
                {
                    await hook.OnOutcomeAsync(db, message, ct);
                }

                // Saved every few messages: a crash mid-batch re-sends at most those few (at-least-once, same Message-Id),
                // while the database is not asked for one write transaction per mail.
                if (++unsaved >= SaveEvery)
                {
                    await db.SaveChangesAsync(ct);
                    unsaved = 0;
                }
            }

        }
        finally
        {
            // Record what was sent even when stopped mid-batch, so less is sent twice.
            if (unsaved > 0)
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }

        return (claimed, sent);
    }

    /// <summary>Extends the claim on this batch's rows that are still pending (sent ones may not be saved yet: they stay claimed too).</summary>
    private async Task<DateTime> RenewAsync(CampaignDbContext db, Guid claim, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + ClaimFor;
        await db.OutboxMessages
            .Where(m => m.ClaimToken == claim && m.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedUntilUtc, until), ct);
        return now;
    }

    /// <summary>One message's outcome; nothing one message does (a bad address, a server error, a bug) stops the batch.</summary>
    private async Task<SendOutcome> TrySendAsync(IMailSession session, OutboxMessage row, CancellationToken ct)
    {
        MimeMessage mime;
        try
        {
            mime = Compose(row);
        }
#pragma warning disable CA1031 // Whatever makes a stored row unsendable (an address MimeKit refuses, a broken part) fails that row only.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // The kind, not the address: logs never hold a guest's address.
            logger.LogWarning("Mail {MessageId} ({Kind}) cannot be sent and is failed for good: {Error}", row.MessageId, row.Kind, ex.Message);
            return new SendOutcome(SendKind.Permanent, "Not sent: the mail server cannot be given this address (" + ex.Message + ").");
        }

        try
        {
            await session.SendAsync(mime, ct);
            return new SendOutcome(SendKind.Sent, null);
        }
        catch (SmtpCommandException ex) when ((int)ex.StatusCode >= 500)
        {
            logger.LogWarning("Mail {MessageId} ({Kind}) refused permanently: {Status}", row.MessageId, row.Kind, (int)ex.StatusCode);
            return new SendOutcome(SendKind.Permanent, $"{(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or SslHandshakeException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogInformation("Mail {MessageId} not sent yet: {Error}", row.MessageId, ex.Message);
            await session.ResetAsync(ct);
            return new SendOutcome(SendKind.Transient, ex is SmtpCommandException c ? $"{(int)c.StatusCode} {c.Message}" : ex.Message);
        }
#pragma warning disable CA1031 // Anything else (e.g. MailKit refusing the message before it reaches the server) is this message's outcome, not the batch's.
        catch (Exception ex) when (!ct.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Mail {MessageId} ({Kind}) failed unexpectedly; it is retried later.", row.MessageId, row.Kind);
            await session.ResetAsync(ct);
            return new SendOutcome(SendKind.Transient, ex.Message);
        }
    }

    public MimeMessage Compose(OutboxMessage row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var message = composer.Compose(row.ToMail());
        message.MessageId = row.MessageId;
        message.Date = new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAtUtc, DateTimeKind.Utc));
        if (row.UnsubscribeUrl is not null)
        {
            message.Headers.Add("List-Unsubscribe", $"<{row.UnsubscribeUrl}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        return message;
    }

    private enum SendKind
    {
        Sent,
        Transient,
        Permanent,
    }

    private sealed record SendOutcome(SendKind Kind, string? Error);
}

/// <summary>Lets a feature react when one of its mails is sent or fails (e.g. the invitation's state).</summary>
public interface IOutboxOutcomeHandler
{
    Task OnOutcomeAsync(CampaignDbContext db, OutboxMessage message, CancellationToken ct);
}

/// <summary>Runs the dispatcher in the background: at once when a mail is queued here, and every few seconds for other instances' mail and retries.</summary>
public sealed class MailDispatchService(MailDispatcher dispatcher, MailSignal signal, IOptions<MailOptions> options, ILogger<MailDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(Math.Max(1, options.Value.PollSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // The loop must survive a database hiccup; the rows stay pending.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Mail dispatch failed; retrying shortly.");
            }

            await signal.WaitAsync(poll, stoppingToken);
        }
    }
}

/// <summary>Wakes the dispatcher when this instance queues mail.</summary>
public sealed class MailSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _count;

    /// <summary>How many times this instance was told mail was queued (tests count wake-ups with it).</summary>
    public long Count => Interlocked.Read(ref _count);

    public void Notify()
    {
        Interlocked.Increment(ref _count);
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public void Dispose() => _signal.Dispose();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await _signal.WaitAsync(timeout, ct);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }
}
