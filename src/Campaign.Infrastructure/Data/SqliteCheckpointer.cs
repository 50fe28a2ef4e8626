using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, once a second, and starts the log over.
/// The app's connections turn SQLite's automatic checkpoint off (<see cref="SqlitePragmas"/>): it ran inside whichever
/// commit crossed 1,000 pages, with an fsync, while that commit held the file's single write lock and every other writer
/// waited (docs/performance.md). Here a PASSIVE checkpoint copies the log without blocking anyone; when it catches up,
/// the next writer starts the log over by itself. Under constant writing it never quite catches up, so once the log
/// passes <see cref="RestartAbovePages"/>, a RESTART checkpoint, holding this instance's write gate for a moment, copies
/// the few frames written meanwhile and lets the next writer start over, so the file stays small under any load. With several instances
/// each runs its own; one that finds another checkpoint running or readers in the way just tries again next second.
/// </summary>
public sealed partial class SqliteCheckpointer(IServiceScopeFactory scopes, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Log size (4 KiB pages, so 16 MiB) above which the round also starts the log over under the write gate. Below it,
    /// a PASSIVE checkpoint that catches up lets the next writer start the log over by itself, and nobody waits.
    /// </summary>
    public const long RestartAbovePages = 4096;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock pacing on purpose: this is housekeeping of the database file, not business time.
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await RunOnceAsync(scope.ServiceProvider.GetRequiredService<CampaignDbContext>(), stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Housekeeping must never stop the app; the next round tries again.
                    LogFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One round; returns the frames left in the log that are not yet in the database file (0 when the log was started over or is empty).</summary>
    public static async Task<long> RunOnceAsync(CampaignDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var connectionString = db.Database.GetConnectionString();
        var (logFrames, copied) = await CheckpointAsync(connectionString, "PASSIVE", ct);
        if (logFrames < RestartAbovePages)
        {
            return Math.Max(0, logFrames - copied);
        }

        // Its own connection, which EF does not see: the one writer that takes the gate by name.
        var gate = SqliteWriteGate.Of(db);
        (logFrames, copied) = gate is null
            ? await CheckpointAsync(connectionString, "RESTART", ct)
            : await gate.RunAsync(() => CheckpointAsync(connectionString, "RESTART", ct), ct);
        return Math.Max(0, logFrames - copied);
    }

    private static async Task<(long LogFrames, long Copied)> CheckpointAsync(string? connectionString, string mode, CancellationToken ct)
    {
        // Its own native connection, outside the pool: its short busy timeout must never be handed to the app's writers,
        // whose settings SqlitePragmas applies once per pooled connection.
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        // RESTART waits for readers still on the old log; a short wait only, never a stall: the next round tries again.
        command.CommandText = "PRAGMA busy_timeout=20;";
        await command.ExecuteNonQueryAsync(ct);
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(1), reader.GetInt64(2)) : (0, 0);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SQLite checkpoint failed; the next round tries again.")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
