using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

/// <summary>One bad message never holds up the others, and a claim never outlives its dispatcher by much (on SQLite, and on SQL Server when CAMPAIGN_TEST_SQLSERVER is set).</summary>
public sealed class OutboxClaimTests
{
    private static void Queue(CampaignFactory app, IEnumerable<string> addresses)
    {
        using var scope = app.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        var i = 0;
        foreach (var address in addresses)
        {
            outbox.Add(new OutgoingMail(address, $"Guest {i}", $"Message {i}", $"Text {i}", $"<p>Html {i}</p>"), "test");
            i++;
        }

        scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Data.CampaignDbContext>().SaveChanges();
    }

    private static List<OutboxMessage> Rows(CampaignFactory app) => app.WithDb(db => db.OutboxMessages.AsNoTracking().ToList());

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task One_poisoned_row_among_many_fails_alone_with_its_reason_and_every_other_mail_is_delivered(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink();
        using var app = OutboxTests.SmtpApp(smtp, store);
        // Stored before the address rule existed (or by hand): MimeKit refuses it when the mail is composed.
        var addresses = Enumerable.Range(0, 60).Select(i => $"guest{i}@example.org").ToList();
        addresses[7] = "a..b@example.org";
        Queue(app, addresses);

        Assert.Equal(59, app.DeliverMail());

        Assert.Equal(59, smtp.Received.Count);
        var poisoned = Assert.Single(Rows(app), r => r.Status != OutboxStatus.Sent);
        Assert.Equal("a..b@example.org", poisoned.ToAddress);
        Assert.Equal(OutboxStatus.Failed, poisoned.Status);
        Assert.StartsWith("Not sent: the mail server cannot be given this address", poisoned.LastError, StringComparison.Ordinal);
        Assert.Null(poisoned.ClaimedUntilUtc);
        // Failed for good: never tried again.
        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, app.DeliverMail());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task A_dispatcher_killed_mid_batch_has_its_rows_sent_by_another_within_90_seconds(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink();
        using var app = OutboxTests.SmtpApp(smtp, store);
        Queue(app, Enumerable.Range(0, 30).Select(i => $"guest{i}@example.org"));
        using var kill = new CancellationTokenSource();
        smtp.OnReceived = count =>
        {
            if (count == 10)
            {
                kill.Cancel();
            }
        };
        var first = app.Services.GetRequiredService<MailDispatcher>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.RunOnceAsync(kill.Token));
        smtp.OnReceived = null;
        var sentBefore = smtp.Received.Count;

        // Half a minute on, the dead dispatcher's claim still holds: nobody sends its rows twice.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, app.DeliverMail());

        // Within 90 s of the crash another dispatcher has taken over and sent the rest.
        app.Clock.Advance(TimeSpan.FromSeconds(35));
        app.DeliverMail();
        Assert.Equal(30, smtp.Received.Select(m => m.MessageId).Distinct().Count());
        Assert.All(Rows(app), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.InRange(sentBefore, 10, 11);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task A_server_taking_two_seconds_a_message_causes_no_duplicates_while_another_dispatcher_polls(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink();
        using var app = OutboxTests.SmtpApp(smtp, store);
        Queue(app, Enumerable.Range(0, 50).Select(i => $"guest{i}@example.org"));
        var dispatcher = app.Services.GetRequiredService<MailDispatcher>();
        var polledBySecond = new List<int>();
        smtp.OnReceived = count =>
        {
            // Each message takes 2 s; every 5 messages (10 s) a second dispatcher polls, as another instance would.
            app.Clock.Advance(TimeSpan.FromSeconds(2));
            if (count % 5 == 0)
            {
                polledBySecond.Add(dispatcher.RunOnceAsync(CancellationToken.None).GetAwaiter().GetResult());
            }
        };

        var sent = await dispatcher.RunOnceAsync(CancellationToken.None);

        // 100 s of sending, well past one 60 s claim: renewals kept the batch this dispatcher's own.
        Assert.Equal(50, sent);
        Assert.All(polledBySecond, n => Assert.Equal(0, n));
        Assert.Equal(50, smtp.Received.Count);
        Assert.Equal(50, smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }
}
