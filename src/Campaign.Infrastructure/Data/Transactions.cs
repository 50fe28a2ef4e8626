using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

public static class Transactions
{
    /// <summary>True when the address said "this wasn't me" for the screening: no more mail about it goes there.</summary>
    public static Task<bool> IsMailBlockedAsync(this CampaignDbContext db, Guid screeningId, string emailKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return MailBlocked(db, screeningId, emailKey, ct);
    }

    // Compiled once: every RSVP asks this (EF otherwise rebuilds the query's cache key on each call).
    private static readonly Func<CampaignDbContext, Guid, string, CancellationToken, Task<bool>> MailBlocked =
        EF.CompileAsyncQuery((CampaignDbContext db, Guid screeningId, string emailKey, CancellationToken ct) =>
            db.ScreeningMailBlocks.Any(b => b.ScreeningId == screeningId && b.EmailKey == emailKey));

    /// <summary>Runs <paramref name="work"/> in one transaction, each attempt from a clear change tracker (see the overload).</summary>
    public static Task<T> InTransactionAsync<T>(this CampaignDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct) =>
        db.InTransactionAsync(work, clearTrackerFirst: true, ct);

    /// <summary>
    /// The one way to write in a transaction: runs <paramref name="work"/> in one transaction (BEGIN IMMEDIATE on SQLite,
    /// Microsoft.Data.Sqlite's default, queued behind the instance's write gate by <see cref="SqliteWriteInterceptor"/>),
    /// inside the provider's execution strategy so SQL Server retries a transient failure. Each attempt starts from a
    /// clear change tracker, unless <paramref name="clearTrackerFirst"/> is false: then the changes the caller made before
    /// (an answer built before the lock, an edited entity) are the transaction's to save, and a retry runs on them as they are.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this CampaignDbContext db, Func<CancellationToken, Task<T>> work, bool clearTrackerFirst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async t =>
        {
            if (clearTrackerFirst)
            {
                db.ChangeTracker.Clear();
            }

            await using var tx = await db.Database.BeginTransactionAsync(t);
            var result = await work(t);
            await tx.CommitAsync(t);
            return result;
        }, ct);
    }

    /// <inheritdoc cref="InTransactionAsync{T}(CampaignDbContext, Func{CancellationToken, Task{T}}, bool, CancellationToken)"/>
    public static Task InTransactionAsync(this CampaignDbContext db, Func<CancellationToken, Task> work, bool clearTrackerFirst, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return db.InTransactionAsync(async t =>
        {
            await work(t);
            return true;
        }, clearTrackerFirst, ct);
    }
}
