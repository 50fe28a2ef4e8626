using System.Globalization;
using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

/// <summary>
/// Mail is never lost: rows in the outbox, sent by the dispatcher against a real SMTP server, with time driven by a fake clock.
/// The claim and the transactional tests also run on SQL Server when CAMPAIGN_TEST_SQLSERVER is set (<see cref="TestDatabase"/>).
/// </summary>
public sealed class OutboxTests
{
    /// <summary>The app in SMTP mode against <paramref name="smtp"/>, on <paramref name="database"/> (its own SQLite file by default).</summary>
    internal static CampaignFactory SmtpApp(SmtpSink smtp, TestDatabase? database = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Mail:Mode"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
        };
        return new(settings: database?.With(settings) ?? settings);
    }

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

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task A_dispatcher_stopped_mid_batch_loses_nothing_when_started_again(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink();
        using var app = SmtpApp(smtp, store);
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

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Two_dispatchers_at_once_send_each_mail_once(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink();
        using var app = SmtpApp(smtp, store);
        Queue(app, 120);
        var dispatcher = app.Services.GetRequiredService<MailDispatcher>();

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => dispatcher.RunOnceAsync(CancellationToken.None))));

        Assert.Equal(120, runs.Sum());
        Assert.Equal(120, smtp.Received.Count);
        Assert.Equal(120, smtp.Received.Select(m => m.MessageId).Distinct().Count());
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Mail_and_the_change_that_caused_it_are_saved_together(string database)
    {
        using var store = TestDatabase.Create(database);
        await using var smtp = new SmtpSink(start: false);
        using var app = SmtpApp(smtp, store);

        await new WebSession(app).SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        // The SMTP server is down, yet the registration succeeded and its mail waits in the outbox.
        var row = Assert.Single(Rows(app));
        Assert.Equal("ana@example.org", row.ToAddress);
        Assert.Equal(OutboxStatus.Pending, row.Status);
        Assert.Equal(1, app.WithDb(db => db.Users.Count()));
    }

    [Fact]
    public async Task The_dispatcher_is_woken_by_saves_that_queue_mail_and_by_no_others()
    {
        using var app = new CampaignFactory();
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 30));
        await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var codes = app.WithDb(db => db.Tickets.Select(t => t.Code).ToList());
        var signal = app.Services.GetRequiredService<MailSignal>();

        // The door saves a scan (and an admission) each time, and queues no mail.
        var before = signal.Count;
        for (var i = 0; i < 100; i++)
        {
            var (status, _) = await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = codes[i % codes.Count] });
            Assert.Equal(System.Net.HttpStatusCode.OK, status);
        }

        Assert.Equal(100, app.WithDb(db => db.CheckInScans.Count()));
        Assert.Equal(0, signal.Count - before);

        // One answer queues its confirmation.
        before = signal.Count;
        await RsvpFlows.AnswerAsync(app, slug, "Cy", "cy@example.org");
        Assert.Equal(1, signal.Count - before);
    }
}

/// <summary>Inline images, calendar alternatives and attachments survive the outbox and reach the reader in the usual MIME layout.</summary>
public sealed class OutboxPartTests
{
    [Fact]
    public async Task Images_calendar_and_files_reach_the_smtp_server_in_one_message()
    {
        await using var smtp = new SmtpSink();
        using var app = OutboxTests.SmtpApp(smtp);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        var ics = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"u8.ToArray();
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<MailOutbox>().Add(
                new OutgoingMail("ana@example.org", "Ana", "Parts", "Text", "<p><img src=\"cid:ticket-1@campaign\"></p>").With(
                    new MailPart(MailPartKind.Inline, "ticket-1.png", "image/png", png, "ticket-1@campaign"),
                    new MailPart(MailPartKind.Alternative, "invite.ics", "text/calendar; method=REQUEST; charset=utf-8", ics),
                    new MailPart(MailPartKind.Attachment, "invite.ics", "application/ics", ics)),
                "test");
            scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Data.CampaignDbContext>().SaveChanges();
        }

        Assert.Equal(1, app.DeliverMail());
        var message = Assert.Single(smtp.Received);

        var mixed = Assert.IsType<MimeKit.Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        var alternative = Assert.IsType<MimeKit.MultipartAlternative>(mixed[0]);
        Assert.Equal("Text", alternative.TextBody?.Trim());
        var related = Assert.IsType<MimeKit.MultipartRelated>(alternative[1]);
        var image = Assert.IsType<MimeKit.MimePart>(related[1]);
        Assert.Equal("ticket-1@campaign", image.ContentId);
        Assert.Equal(png, Bytes(image));
        var calendar = Assert.IsType<MimeKit.TextPart>(alternative[2]);
        Assert.Equal("REQUEST", calendar.ContentType.Parameters["method"]);
        Assert.Equal("BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR\n", calendar.Text.ReplaceLineEndings("\n"));
        var file = Assert.IsType<MimeKit.MimePart>(mixed[1]);
        Assert.True(file.IsAttachment);
        Assert.Equal("invite.ics", file.FileName);
        Assert.Equal(ics, Bytes(file));
    }

    private static byte[] Bytes(MimeKit.MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return stream.ToArray();
    }
}
