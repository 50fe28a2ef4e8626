using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// Per-connection SQLite settings. WAL with synchronous=NORMAL: every commit survives an app crash, and the file is never
/// corrupted; only a power loss can undo the last moments of commits. FULL would fsync every commit and halve RSVP throughput
/// (docs/performance.md). Foreign keys are on by default in Microsoft.Data.Sqlite. The automatic WAL checkpoint is off:
/// <see cref="SqliteCheckpointer"/> runs it in the background instead of inside a commit that holds the write lock.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Settings = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=67108864;";

    // The settings belong to the native connection, which Microsoft.Data.Sqlite's pool keeps open and hands out again:
    // apply them once per native connection, not on every open (EF opens a connection for each query).
    private static readonly ConditionalWeakTable<sqlite3, object> Applied = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsSettings(connection) is { } handle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Settings;
            command.ExecuteNonQuery();
            Applied.AddOrUpdate(handle, Settings);
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (NeedsSettings(connection) is { } handle)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Settings;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Applied.AddOrUpdate(handle, Settings);
        }
    }

    private static sqlite3? NeedsSettings(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && !Applied.TryGetValue(handle, out _) ? handle : null;
}
