using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure.Mail;

/// <summary>Queues mail as outbox rows in the caller's unit of work; the caller's SaveChanges commits data and mail together.</summary>
public sealed class MailOutbox(CampaignDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    public OutboxMessage Add(OutgoingMail mail, string kind, Guid? screeningId = null, Guid? invitationId = null, string? unsubscribeUrl = null)
    {
        var domain = MimeKit.MailboxAddress.Parse(options.Value.From).Domain;
        var row = OutboxMessage.Create(mail, domain, clock.GetUtcNow().UtcDateTime, kind, screeningId, invitationId, unsubscribeUrl);
        db.OutboxMessages.Add(row);
        return row;
    }
}

/// <summary>Wakes this instance's dispatcher right after a SaveChanges that queued mail.</summary>
public sealed class OutboxSignalInterceptor(MailSignal signal) : SaveChangesInterceptor
{
    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        signal.Notify();
        return base.SavedChanges(eventData, result);
    }
}
