using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

public static class Transactions
{
    /// <summary>True when the address said "this wasn't me" for the screening: no more mail about it goes there.</summary>
    public static Task<bool> IsMailBlockedAsync(this CampaignDbContext db, Guid screeningId, string emailKey, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ScreeningMailBlocks.AnyAsync(b => b.ScreeningId == screeningId && b.EmailKey == emailKey, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (BEGIN IMMEDIATE on SQLite, Microsoft.Data.Sqlite's default), inside the
    /// provider's execution strategy so SQL Server retries a transient failure from a clean change tracker.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this CampaignDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async t =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(t);
            var result = await work(t);
            await tx.CommitAsync(t);
            return result;
        }, ct);
    }
}
