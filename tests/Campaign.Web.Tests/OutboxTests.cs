using System.Globalization;
using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

/// <summary>Mail is never lost: rows in the outbox, sent by the dispatcher against a real SMTP server, with time driven by a fake clock.</summary>
public sealed class OutboxTests
{
    private static CampaignFactory SmtpApp(SmtpSink smtp) => new(settings: new Dictionary<string, string?>
    {
        ["Mail:Mode"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
    });

    private static void Queue(CampaignFactory app, int count, string prefix = "guest")
    {
        using var scope = app.Services.CreateScope();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        for (var i = 0; i < count; i++)
        {
            outbox.Add(new OutgoingMail($"{prefix}{i}@example.org", $"Guest {i}", $"Message {i}", $"Text {i}", $"<p>Html {i}</p>"), "test");
        }

        scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Data.CampaignDbContext>().SaveChanges();
    }

    private static List<OutboxMessage> Rows(CampaignFactory app) => app.WithDb(db => db.OutboxMessages.AsNoTracking().ToList());

    [Fact]
    public async Task Mail_queued_while_the_server_is_down_arrives_once_it_is_up()
    {
        await using var smtp = new SmtpSink(start: false);
        using var app = SmtpApp(smtp);
        Queue(app, 5);

        Assert.Equal(0, app.DeliverMail());
        var waiting = Rows(app);
        Assert.All(waiting, r => Assert.Equal(OutboxStatus.Pending, r.Status));
        Assert.All(waiting, r => Assert.Equal(1, r.Attempts));
        Assert.All(waiting, r => Assert.NotNull(r.LastError));

        // Still down at the next attempt: it waits longer.
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, app.DeliverMail());
        var second = Rows(app);
        Assert.All(second, r => Assert.True(r.NextAttemptAtUtc - app.Clock.GetUtcNow().UtcDateTime >= TimeSpan.FromSeconds(59)));

        smtp.Start();
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(0, app.DeliverMail());
        app.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(5, app.DeliverMail());

        Assert.Equal(5, smtp.Received.Count);
        Assert.All(Rows(app), r => Assert.Equal(OutboxStatus.Sent, r.Status));
        Assert.Equal(Rows(app).Select(r => "<" + r.MessageId + ">").Order(), smtp.Received.Select(m => "<" + m.MessageId + ">").Order());
    }

    [Fact]
    public async Task A_dispatcher_stopped_mid_batch_loses_nothing_when_started_again()
    {
        await using var smtp = new SmtpSink();
        using var app = SmtpApp(smtp);
        Queue(app, 30);
        using var stop = new CancellationTokenSource();
        smtp.OnReceived = count =>
        {
            if (count == 10)
            {
                stop.Cancel();
            }
        };

        var dispatcher = app.Services.GetRequiredService<MailDispatcher>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.RunOnceAsync(stop.Token));
        smtp.OnReceived = null;
        Assert.InRange(smtp.Received.Count, 10, 11);

        // The stopped run's claim expires; a new run (this instance or another) takes the rest.
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        app.DeliverMail();

        var delivered = smtp.Received.Select(m => m.MessageId).Distinct().Count();
        Assert.Equal(30, delivered);
        Assert.All(Rows(app), r => Assert.Equal(OutboxStatus.Sent, r.Status));
    }

    [Fact]
    public async Task A_permanent_refusal_marks_the_mail_failed_with_the_reason_and_others_still_go()
    {
        await using var smtp = new SmtpSink();
        using var app = SmtpApp(smtp);
        Queue(app, 2);
        Queue(app, 1, "reject-");

        Assert.Equal(2, app.DeliverMail());

        var failed = Assert.Single(Rows(app), r => r.ToAddress.StartsWith("reject", StringComparison.Ordinal));
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.StartsWith("550", failed.LastError, StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, app.DeliverMail());
        Assert.Equal(2, smtp.Received.Count);
    }

    [Fact]
    public async Task Two_dispatchers_at_once_send_each_mail_once()
    {
        await using var smtp = new SmtpSink();
        using var app = SmtpApp(smtp);
        Queue(app, 120);
        var dispatcher = app.Services.GetRequiredService<MailDispatcher>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => dispatcher.RunOnceAsync(CancellationToken.None))));

        Assert.Equal(120, runs.Sum());
        Assert.Equal(120, smtp.Received.Count);
        Assert.Equal(120, smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Mail_and_the_change_that_caused_it_are_saved_together()
    {
        await using var smtp = new SmtpSink(start: false);
        using var app = SmtpApp(smtp);

        await new WebSession(app).SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        // The SMTP server is down, yet the registration succeeded and its mail waits in the outbox.
        var row = Assert.Single(Rows(app));
        Assert.Equal("ana@example.org", row.ToAddress);
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(1, app.WithDb(db => db.Users.Count()));
    }
}
