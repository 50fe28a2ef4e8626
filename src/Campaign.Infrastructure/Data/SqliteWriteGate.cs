using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// This app instance's SQLite write gate (one singleton per service provider, ADR 0013). SQLite has one writer per file,
/// and its busy handler lets a waiting writer sleep in growing steps (up to 100 ms), which made the latency tail long;
/// behind this gate the instance's writers are handed the lock in turn instead. Writers do not call it:
/// <see cref="SqliteWriteInterceptor"/> takes it for every EF transaction and every write outside one. Writers of other
/// instances still meet at SQLite's own lock (busy_timeout), so correctness never depends on the gate.
/// </summary>
#pragma warning disable CA1001 // The semaphore is never disposed: a writer may still be releasing it while the host shuts down.
public sealed class SqliteWriteGate
#pragma warning restore CA1001
{
    // A bound, not a timeout anyone should meet: a write that waits this long (say, from a second context while the
    // same flow holds the gate in a transaction) goes on without the gate and meets SQLite's busy handler, as before.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);

    internal bool Enter() => _gate.Wait(MaxWait);

    internal Task<bool> EnterAsync(CancellationToken ct) => _gate.WaitAsync(MaxWait, ct);

    internal void Exit() => _gate.Release();

    /// <summary>A write EF does not see (the checkpointer's own connection), run behind the gate.</summary>
    internal async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        var entered = await EnterAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            if (entered)
            {
                Exit();
            }
        }
    }

    /// <summary>The gate of the instance <paramref name="db"/> belongs to; null on other providers.</summary>
    internal static SqliteWriteGate? Of(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?
            .OfType<SqliteWriteInterceptor>().FirstOrDefault()?.Gate;
}

/// <summary>
/// Takes the instance's <see cref="SqliteWriteGate"/> so that no writer has to remember it (SQLite only):
/// <list type="bullet">
/// <item>a transaction waits on it before <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default, so every EF transaction is a
/// writer) and <see cref="GatedTransaction"/> gives it back on commit, rollback or dispose, failed or not;</item>
/// <item>a write outside a transaction (a single-statement SaveChanges, ExecuteUpdate/ExecuteDelete, raw SQL, migrations)
/// holds it until the command is done: for a reader (INSERT ... RETURNING), until the reader is disposed, because SQLite
/// commits the statement's implicit transaction only then; on failure or cancellation at once.</item>
/// </list>
/// Commands inside a transaction never wait (the transaction holds the gate) and reads never take it. The gate is held per
/// connection: a hold the connection did not give back (a reader never disposed) is reused by its next write and given
/// back at the latest when the connection closes, so a pooled context cannot leak it.
/// </summary>
internal sealed class SqliteWriteInterceptor(SqliteWriteGate gate) : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<DbConnection, Hold> Holds = [];

    public SqliteWriteGate Gate => gate;

    // Transactions.

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult)
        {
            return result;
        }

        var hold = Holds.GetOrCreateValue(connection);
        var entered = hold.Gate is null && gate.Enter();
        Take(hold, entered, byTransaction: true);
        try
        {
            // Begun here rather than by EF, so that a BEGIN that fails gives the gate back.
            return InterceptionResult<DbTransaction>.SuppressWithResult(connection.BeginTransaction(eventData.IsolationLevel));
        }
        catch
        {
            if (entered)
            {
                Release(hold);
            }

            throw;
        }
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(eventData);
        if (result.HasResult)
        {
            return result;
        }

        var hold = Holds.GetOrCreateValue(connection);
        var entered = hold.Gate is null && await gate.EnterAsync(cancellationToken);
        Take(hold, entered, byTransaction: true);
        try
        {
            return InterceptionResult<DbTransaction>.SuppressWithResult(await connection.BeginTransactionAsync(eventData.IsolationLevel, cancellationToken));
        }
        catch
        {
            if (entered)
            {
                Release(hold);
            }

            throw;
        }
    }

    /// <summary>Gives back what the connection holds: its transaction ended (<see cref="GatedTransaction"/>) or it closed.</summary>
    internal static void ReleaseHeldBy(DbConnection connection)
    {
        if (Holds.TryGetValue(connection, out var hold))
        {
            Release(hold);
        }
    }

    // Writes outside a transaction.

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        EnterForCommand(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        Writes(command, eventData) ? EnterForCommandAsync(command, result, cancellationToken) : ValueTask.FromResult(result);

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        EnterForCommand(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        Writes(command, eventData) ? EnterForCommandAsync(command, result, cancellationToken) : ValueTask.FromResult(result);

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        EnterForCommand(command, eventData);
        return result;
    }

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        Writes(command, eventData) ? EnterForCommandAsync(command, result, cancellationToken) : ValueTask.FromResult(result);

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ExitForCommand(command, eventData);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ExitForCommand(command, eventData);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        ExitForCommand(command, eventData);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        ExitForCommand(command, eventData);
        return ValueTask.FromResult(result);
    }

    // A reader's statement commits when the reader lets it go: EF closes the reader just before this.
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Transaction is null && command.Connection is { } connection && Holds.TryGetValue(connection, out var hold) && !hold.ByTransaction)
        {
            Release(hold);
        }

        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => ExitForCommand(command, eventData);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitForCommand(command, eventData);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => ExitForCommand(command, eventData);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ExitForCommand(command, eventData);
        return Task.CompletedTask;
    }

    // The backstop: a closed connection holds no lock, so it holds no gate either.

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => ReleaseHeldBy(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        ReleaseHeldBy(connection);
        return Task.CompletedTask;
    }

    /// <summary>A command that writes outside a transaction. Inside one, the transaction already holds the gate.</summary>
    private static bool Writes(DbCommand command, CommandEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(eventData);
        return command.Transaction is null && eventData.CommandSource is CommandSource.SaveChanges or CommandSource.ExecuteUpdate
            or CommandSource.ExecuteDelete or CommandSource.ExecuteSqlRaw or CommandSource.Migrations;
    }

    private void EnterForCommand(DbCommand command, CommandEventData eventData)
    {
        if (Writes(command, eventData))
        {
            var hold = Holds.GetOrCreateValue(command.Connection!);
            Take(hold, hold.Gate is null && gate.Enter(), byTransaction: false);
        }
    }

    private async ValueTask<T> EnterForCommandAsync<T>(DbCommand command, T result, CancellationToken ct)
    {
        var hold = Holds.GetOrCreateValue(command.Connection!);
        Take(hold, hold.Gate is null && await gate.EnterAsync(ct), byTransaction: false);
        return result;
    }

    private static void ExitForCommand(DbCommand command, CommandEventData eventData)
    {
        if (Writes(command, eventData) && Holds.TryGetValue(command.Connection!, out var hold) && !hold.ByTransaction)
        {
            Release(hold);
        }
    }

    /// <summary>Records that the connection holds the gate: newly entered, or a hold it already had and is reusing.</summary>
    private void Take(Hold hold, bool entered, bool byTransaction)
    {
        if (entered)
        {
            hold.Gate = gate;
        }

        hold.ByTransaction = byTransaction;
    }

    private static void Release(Hold hold)
    {
        var held = hold.Gate;
        hold.Gate = null;
        hold.ByTransaction = false;
        held?.Exit();
    }

    /// <summary>What one connection holds; a connection is used by one flow at a time.</summary>
    private sealed class Hold
    {
        public SqliteWriteGate? Gate { get; set; }

        public bool ByTransaction { get; set; }
    }
}

/// <summary>Creates EF's transactions as <see cref="GatedTransaction"/> (SQLite only, replacing EF's factory).</summary>
internal sealed class GatedTransactionFactory(RelationalTransactionFactoryDependencies dependencies) : RelationalTransactionFactory(dependencies)
{
    public override RelationalTransaction Create(IRelationalConnection connection, DbTransaction transaction, Guid transactionId, IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger, bool transactionOwned)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return new GatedTransaction(connection, transaction, transactionId, logger, transactionOwned, Dependencies.SqlGenerationHelper);
    }
}

/// <summary>
/// EF's transaction, which gives the connection's write gate back once it ends. EF's interceptors are not told when a
/// transaction is disposed without a commit (the usual failure path), so this is where that is seen.
/// </summary>
internal sealed class GatedTransaction(
    IRelationalConnection connection,
    DbTransaction transaction,
    Guid transactionId,
    IDiagnosticsLogger<DbLoggerCategory.Database.Transaction> logger,
    bool transactionOwned,
    ISqlGenerationHelper sqlGenerationHelper)
    : RelationalTransaction(connection, transaction, transactionId, logger, transactionOwned, sqlGenerationHelper)
{
    // Only a transaction EF began holds the gate (SqliteWriteInterceptor.TransactionStarting); one handed in does not.
    // Cleared once given back: a Dispose after the Commit must not release the gate of the connection's next transaction.
    private DbConnection? _gated = transactionOwned ? connection.DbConnection : null;

    public override void Commit()
    {
        base.Commit();
        Ended();
    }

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await base.CommitAsync(cancellationToken);
        Ended();
    }

    public override void Rollback()
    {
        base.Rollback();
        Ended();
    }

    public override async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        await base.RollbackAsync(cancellationToken);
        Ended();
    }

    public override void Dispose()
    {
        try
        {
            base.Dispose();
        }
        finally
        {
            Ended();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            Ended();
        }
    }

    private void Ended()
    {
        if (_gated is { } connection)
        {
            _gated = null;
            SqliteWriteInterceptor.ReleaseHeldBy(connection);
        }
    }
}
