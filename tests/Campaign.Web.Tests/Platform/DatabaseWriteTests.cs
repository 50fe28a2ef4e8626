using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Web.Features.Rsvps;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

/// <summary>
/// How the app writes to SQLite: connection settings that survive the pool, the background checkpoint that keeps the
/// write-ahead log from growing, the in-process write gate, and the seat update that refuses a closed screening.
/// </summary>
public sealed class DatabaseWriteTests
{
    [Fact]
    public async Task Pooled_connections_keep_their_settings_each_time_they_are_handed_out_again()
    {
        using var app = new CampaignFactory();
        await RsvpFlows.ScreeningAsync(app);

        for (var i = 0; i < 3; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            await db.Database.OpenConnectionAsync();
            try
            {
                Assert.Equal("wal", Pragma(db, "journal_mode"));
                Assert.Equal("1", Pragma(db, "synchronous")); // NORMAL
                Assert.Equal("30000", Pragma(db, "busy_timeout"));
                Assert.Equal("0", Pragma(db, "wal_autocheckpoint")); // SqliteCheckpointer does it in the background
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    [Fact]
    public async Task After_a_checkpoint_the_next_answer_starts_the_write_ahead_log_over()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app, capacity: 100);
        for (var i = 0; i < 30; i++)
        {
            await RsvpFlows.AnswerAsync(app, slug, "Guest " + i.ToString(CultureInfo.InvariantCulture), $"guest{i}@example.org");
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var left = await SqliteCheckpointer.RunOnceAsync(scope.ServiceProvider.GetRequiredService<CampaignDbContext>(), CancellationToken.None);
            Assert.Equal(0, left);
        }

        await RsvpFlows.AnswerAsync(app, slug, "Late guest", "late@example.org");

        // Thirty answers wrote hundreds of pages to the log; had it not started over, it would hold all of them still.
        var frames = app.WithDb(db =>
        {
            db.Database.OpenConnection();
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            reader.Read();
            return reader.GetInt64(1);
        });
        Assert.InRange(frames, 0, 150);
        Assert.Equal(31, app.WithDb(db => db.Rsvps.Count(r => r.Status == RsvpStatus.Confirmed)));
    }

    [Fact]
    public async Task A_write_transaction_that_fails_leaves_the_instance_free_for_the_next_answer()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                db.InTransactionAsync<int>(_ => throw new InvalidOperationException("The work failed."), CancellationToken.None));
        }

        var page = await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal($"/s/{slug}/rsvp/check-email", page.Location);
        Assert.Equal(1, app.WithDb(db => db.Rsvps.Count(r => r.Email == "ana@example.org" && r.Status == RsvpStatus.Confirmed)));
    }

    [Fact]
    public async Task A_failed_transaction_on_a_connection_its_caller_keeps_open_frees_the_instance_at_once()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        await db.Database.OpenConnectionAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            db.InTransactionAsync<int>(_ => throw new InvalidOperationException("The work failed."), CancellationToken.None));

        // The connection is still open: had the transaction kept the gate, this answer would wait for it (30 s).
        var page = await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"/s/{slug}/rsvp/check-email", page.Location);
        Assert.Equal(ConnectionState.Open, db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task A_write_on_a_connection_its_caller_keeps_open_frees_the_instance_once_done()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Slug == slug);
        await db.Database.OpenConnectionAsync();

        // One INSERT ... RETURNING, read through a data reader, then one UPDATE, neither in a transaction. Had either kept
        // the gate until the connection closes, the answer after it would wait for it (30 s).
        db.CheckInScans.Add(CheckInScan.Record(screening.Id, null, "kept-open", null, null, null, "invalid", app.Clock.GetUtcNow().UtcDateTime, null));
        await db.SaveChangesAsync();
        var first = await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org").WaitAsync(TimeSpan.FromSeconds(10));
        await db.Screenings.Where(s => s.Id == screening.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1));
        var second = await RsvpFlows.AnswerAsync(app, slug, "Bo", "bo@example.org").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal($"/s/{slug}/rsvp/check-email", first.Location);
        Assert.Equal($"/s/{slug}/rsvp/check-email", second.Location);
        Assert.Equal(ConnectionState.Open, db.Database.GetDbConnection().State);
    }

    [Fact]
    public async Task Seats_are_taken_only_while_the_screening_takes_answers()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app, capacity: 5);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Slug == slug);
        var now = app.Clock.GetUtcNow().UtcDateTime;

        Assert.True(await SeatLedger.TryTakeWhileOpenAsync(db, screening.Id, 2, now, CancellationToken.None));
        Assert.False(await SeatLedger.TryTakeWhileOpenAsync(db, screening.Id, 4, now, CancellationToken.None)); // 3 left
        Assert.False(await SeatLedger.TryTakeWhileOpenAsync(db, screening.Id, 1, screening.StartUtc.AddMinutes(1), CancellationToken.None)); // past the deadline
        await db.Screenings.Where(s => s.Id == screening.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ScreeningStatus.Cancelled));
        Assert.False(await SeatLedger.TryTakeWhileOpenAsync(db, screening.Id, 1, now, CancellationToken.None));

        Assert.Equal(2, await SeatLedger.SeatsTakenAsync(db, screening.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Writers_of_every_kind_at_once_on_one_file_never_find_it_busy()
    {
        using var app = new ImpatientFactory();
        var slug = await RsvpFlows.ScreeningAsync(app, capacity: 1000);
        var screeningId = app.WithDb(db => db.Screenings.Single(s => s.Slug == slug).Id);
        var now = app.Clock.GetUtcNow();
        var keysBefore = app.WithDb(db => db.DataProtectionKeys.Count());
        const int Tasks = 16, Repeats = 4, Rounds = Tasks * Repeats;

        async Task InScopeAsync(Func<IServiceProvider, CampaignDbContext, Task> write)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await write(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<CampaignDbContext>());
        }

        CheckInScan Scan(string scanId) => CheckInScan.Record(screeningId, null, scanId, null, null, null, "invalid", now.UtcDateTime, null);

        var writers = new List<Func<int, Task>>
        {
            // SaveChanges of one row, which EF sends without a transaction.
            i => InScopeAsync(async (_, db) =>
            {
                db.CheckInScans.Add(Scan($"plain-{i}"));
                await db.SaveChangesAsync();
            }),
            // ExecuteUpdate and ExecuteDelete, each its own statement.
            i => InScopeAsync(async (_, db) =>
                await db.Screenings.Where(s => s.Id == screeningId).ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1))),
            i => InScopeAsync(async (_, db) =>
            {
                db.CheckInScans.Add(Scan($"gone-{i}"));
                await db.SaveChangesAsync();
                await db.CheckInScans.Where(s => s.ScanId == $"gone-{i}").ExecuteDeleteAsync();
            }),
            // An explicit transaction through the one helper.
            i => InScopeAsync((_, db) => db.InTransactionAsync(async t =>
            {
                db.CheckInScans.Add(Scan($"tx-{i}"));
                await db.SaveChangesAsync(t);
                return await db.Screenings.Where(s => s.Id == screeningId).ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + 1), t);
            }, CancellationToken.None)),
            // Identity saves accounts itself.
            i => InScopeAsync(async (services, _) =>
            {
                var users = services.GetRequiredService<UserManager<ApplicationUser>>();
                var user = new ApplicationUser { UserName = $"writer{i}@example.org", Email = $"writer{i}@example.org", DisplayName = "Writer", CreatedAtUtc = now.UtcDateTime };
                Assert.True((await users.CreateAsync(user)).Succeeded);
                user.DisplayName = "Writer, renamed";
                Assert.True((await users.UpdateAsync(user)).Succeeded);
            }),
            // Data Protection stores a new key with a synchronous SaveChanges in a scope of its own.
            _ => Task.Run(() => app.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90))),
        };

        // Every kind from many tasks at once, each writing again and again, all let go together.
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = Enumerable.Range(0, Tasks).SelectMany(task => writers.Select(write => Task.Run(async () =>
        {
            await go.Task;
            for (var n = 0; n < Repeats; n++)
            {
                await write((task * Repeats) + n);
            }
        }))).ToList();
        go.SetResult();
        await Task.WhenAll(running);

        Assert.Equal(Rounds, app.WithDb(db => db.CheckInScans.Count(s => s.ScanId!.StartsWith("plain-"))));
        Assert.Equal(Rounds, app.WithDb(db => db.CheckInScans.Count(s => s.ScanId!.StartsWith("tx-"))));
        Assert.Equal(0, app.WithDb(db => db.CheckInScans.Count(s => s.ScanId!.StartsWith("gone-"))));
        Assert.Equal(2 * Rounds, app.WithDb(db => db.Screenings.Single(s => s.Id == screeningId).SeatsTaken));
        Assert.Equal(Rounds, app.WithDb(db => db.Users.Count(u => u.DisplayName == "Writer, renamed")));
        Assert.Equal(keysBefore + Rounds, app.WithDb(db => db.DataProtectionKeys.Count()));
        Assert.Equal(0, app.BusyEncounters);
    }

    [Fact]
    public async Task The_quick_answer_leaves_nothing_tracked_for_its_caller()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { ["Campaign:PublicBaseUrl"] = "https://campaign.example.org" });
        var slug = await RsvpFlows.ScreeningAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var rsvps = scope.ServiceProvider.GetRequiredService<RsvpAnswers>();
        var form = new RsvpForm { Name = "Ana", Email = "ana@example.org", Attending = true, PartySize = 1, Consent = true };

        var result = await rsvps.AnswerAsync(slug, form, new ModelStateDictionary(), CancellationToken.None);

        Assert.Equal(AnswerOutcome.Accepted, result.Outcome);
        Assert.Empty(scope.ServiceProvider.GetRequiredService<CampaignDbContext>().ChangeTracker.Entries());
        Assert.Equal(1, app.WithDb(db => db.Rsvps.Count(r => r.Email == "ana@example.org" && r.Status == RsvpStatus.Confirmed)));
    }

    [Fact]
    public void No_feature_takes_the_write_gate_or_opens_a_transaction_itself()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Campaign.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var features = Path.Combine(root.FullName, "src", "Campaign.Web", "Features");
        string[] gateCalls = ["WriteAsync(", "BeginWriteAsync(", "SqliteWriteGate", "BeginTransaction", "CreateExecutionStrategy"];
        var found = Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories)
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (file, line, i)))
            .Where(x => gateCalls.Any(call => x.line.Contains(call, StringComparison.Ordinal)))
            .Select(x => $"{Path.GetRelativePath(root.FullName, x.file)}:{x.i + 1}: {x.line.Trim()}")
            .ToList();

        Assert.True(Directory.EnumerateFiles(features, "*.cs", SearchOption.AllDirectories).Any());
        Assert.Empty(found);
    }

    private static string Pragma(CampaignDbContext db, string name)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}

/// <summary>
/// The app on a file where every time SQLite finds the database locked is counted: a busy handler that counts and
/// gives up at once replaces busy_timeout, so a writer that skipped the write gate shows up here (and then, after
/// Microsoft.Data.Sqlite's own retries for at most 1 s, as SQLITE_BUSY).
/// </summary>
internal sealed class ImpatientFactory : CampaignFactory
{
    private readonly BusyCounter _busy = new();

    /// <summary>How often a connection of this app found the database locked by another writer.</summary>
    public int BusyEncounters => _busy.Count;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ConnectionStrings:Campaign", new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(DataDirectory, "campaign.db"),
            DefaultTimeout = 1,
            Pooling = true,
        }.ToString());
        builder.ConfigureServices(services => services.ConfigureDbContext<CampaignDbContext>(o => o.AddInterceptors(_busy)));
    }

    /// <summary>Runs after the app's own settings (SqlitePragmas, which set busy_timeout once) on every open.</summary>
    private sealed class BusyCounter : DbConnectionInterceptor
    {
        private readonly NativeSqlite.BusyHandler _handler;
        private int _count;

        public BusyCounter() => _handler = (_, _) =>
        {
            Interlocked.Increment(ref _count);
            return 0; // give up at once: SQLITE_BUSY
        };

        public int Count => Volatile.Read(ref _count);

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Install(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Install(connection);
            return Task.CompletedTask;
        }

        private void Install(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                Assert.Equal(0, NativeSqlite.sqlite3_busy_handler(handle.DangerousGetHandle(), _handler, IntPtr.Zero));
            }
        }
    }
}

/// <summary>SQLite's busy handler, which SQLitePCLRaw does not expose; the same native library Microsoft.Data.Sqlite loads.</summary>
internal static class NativeSqlite
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int BusyHandler(IntPtr state, int count);

    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    internal static extern int sqlite3_busy_handler(IntPtr db, BusyHandler handler, IntPtr state);
}
