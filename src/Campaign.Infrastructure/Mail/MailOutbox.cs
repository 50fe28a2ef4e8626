using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
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

/// <summary>
/// Wakes this instance's dispatcher after a SaveChanges that saved at least one new outbox row, and only then: a check-in,
/// a dispatcher's own save or a staff edit queue no mail, and waking the dispatcher for them would send it looking for none.
/// </summary>
public sealed class OutboxSignalInterceptor(MailSignal signal) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Signal(eventData);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Signal(eventData);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    private static void Note(DbContextEventData eventData)
    {
        if (eventData.Context is CampaignDbContext db)
        {
            db.SavingMail = AddsMail(db);
        }
    }

    private void Signal(DbContextEventData eventData)
    {
        if (eventData.Context is CampaignDbContext { SavingMail: true } db)
        {
            db.SavingMail = false;
            signal.Notify();
        }
    }

    private static void Forget(DbContextEventData eventData)
    {
        if (eventData.Context is CampaignDbContext db)
        {
            db.SavingMail = false;
        }
    }

    private static bool AddsMail(CampaignDbContext db)
    {
        // Rows are queued with DbSet.Add (MailOutbox.Add), which marks them Added at once: no DetectChanges pass needed
        // here (SaveChanges runs its own), so the check costs a walk over the tracked entries and nothing more.
        var tracker = db.ChangeTracker;
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries<OutboxMessage>())
            {
                if (entry.State == EntityState.Added)
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
