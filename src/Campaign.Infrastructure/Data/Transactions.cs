using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

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
            await using var tx = await db.BeginWriteAsync(t);
            var result = await work(t);
            await tx.CommitAsync(t);
            return result;
        }, ct);
    }

    // One gate per app instance: the pooled contexts of an instance share one options object.
    private static readonly ConditionalWeakTable<IDbContextOptions, SemaphoreSlim> WriteGates = [];

    /// <summary>
    /// Begins a write transaction (BEGIN IMMEDIATE on SQLite). On SQLite, the instance's writers first queue behind one
    /// in-process gate: SQLite has one writer per file, and its busy handler lets a waiter sleep in growing steps (up to
    /// 100 ms), which made the RSVP latency tail long (docs/performance.md). Writers of other instances still meet at
    /// SQLite's own lock, so correctness never depends on the gate. Dispose the result to release both.
    /// </summary>
    public static async Task<WriteTransaction> BeginWriteAsync(this CampaignDbContext db, CancellationToken ct)
    {
        var gate = await db.EnterWriteGateAsync(ct);
        try
        {
            return new WriteTransaction(await db.Database.BeginTransactionAsync(ct), gate);
        }
        catch
        {
            gate?.Release();
            throw;
        }
    }

    /// <summary>
    /// One write outside <see cref="BeginWriteAsync"/> (a single UPDATE, a SaveChanges, the background checkpoint's
    /// RESTART), queued behind the instance's write gate like every other writer.
    /// </summary>
    public static async Task<T> WriteAsync<T>(this CampaignDbContext db, Func<Task<T>> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(write);
        var gate = await db.EnterWriteGateAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            gate?.Release();
        }
    }

    /// <summary>Waits for this instance's SQLite write gate; null on other providers. Release what it returns.</summary>
    private static async Task<SemaphoreSlim?> EnterWriteGateAsync(this CampaignDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var gate = WriteGates.GetValue(db.GetService<IDbContextOptions>(), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        return gate;
    }
}

/// <summary>A database transaction holding this instance's SQLite write gate until disposed (see <see cref="Transactions.BeginWriteAsync"/>).</summary>
public sealed class WriteTransaction(IDbContextTransaction transaction, SemaphoreSlim? gate) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await transaction.DisposeAsync();
        }
        finally
        {
            gate?.Release();
        }
    }
}
