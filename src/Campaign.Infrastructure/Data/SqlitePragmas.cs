using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// Per-connection SQLite settings. WAL with synchronous=NORMAL: every commit survives an app crash, and the file is never
/// corrupted; only a power loss can undo the last moments of commits. FULL would fsync every commit and halve RSVP throughput
/// (docs/performance.md). Foreign keys are on by default in Microsoft.Data.Sqlite.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
            command.ExecuteNonQuery();
        }
    }
}
