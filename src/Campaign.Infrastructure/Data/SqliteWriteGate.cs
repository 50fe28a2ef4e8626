using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// SQLite has one writer at a time. A connection that finds the write lock taken waits in SQLite's busy handler, which
/// sleeps 1, 2, 5, 10 ... ms on a blocked thread-pool thread before trying again; writers of this instance that pass
/// through here queue instead (asynchronously, handed on at once). Correctness never depends on it: other writers and
/// other instances still meet in SQLite's busy handler. Does nothing on SQL Server, which locks rows.
/// </summary>
public sealed class SqliteWriteGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<T> RunAsync<T>(CampaignDbContext db, Func<Task<T>> write, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        if (!db.Database.IsSqlite())
        {
            return await write();
        }

        await _gate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
