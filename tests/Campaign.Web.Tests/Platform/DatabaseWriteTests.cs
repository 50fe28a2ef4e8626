using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
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

    private static string Pragma(CampaignDbContext db, string name)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture) ?? "";
    }
}
