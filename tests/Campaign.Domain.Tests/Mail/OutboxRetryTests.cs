using Campaign.Infrastructure.Mail;

namespace Campaign.Domain.Tests.Mail;

public class OutboxRetryTests : AtFixedTime
{
    private OutboxMessage Queued() =>
        OutboxMessage.Create(new OutgoingMail(" ana@example.org ", "Ana", "Your RSVP", "Text", "<p>Html</p>"), "campaign.invalid", Now, "rsvp-confirmed");

    [Fact]
    public void A_new_message_is_due_at_once_with_a_stable_message_id()
    {
        var message = Queued();

        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(Now, message.NextAttemptAtUtc);
        Assert.Equal(0, message.Attempts);
        Assert.Equal("ana@example.org", message.ToAddress);
        Assert.EndsWith("@campaign.invalid", message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Transient_failures_wait_30_seconds_then_twice_as_long_each_time_up_to_an_hour()
    {
        var message = Queued();
        var waits = new List<TimeSpan>();

        for (var i = 0; i < 11; i++)
        {
            message.Retry("421 busy", Now);
            waits.Add(message.NextAttemptAtUtc - Now);
        }

        Assert.Equal(
            [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600],
            waits.Select(w => (int)w.TotalSeconds));
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal("421 busy", message.LastError);
    }

    [Fact]
    public void The_twelfth_transient_failure_gives_up()
    {
        var message = Queued();

        for (var i = 0; i < OutboxMessage.MaxAttempts; i++)
        {
            message.Retry("421 busy", Now);
        }

        Assert.Equal(12, message.Attempts);
        Assert.Equal(OutboxStatus.Failed, message.Status);
    }

    [Fact]
    public void A_permanent_failure_fails_at_once()
    {
        var message = Queued();

        message.Fail("550 no such user");

        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal("550 no such user", message.LastError);
    }

    [Fact]
    public void A_sent_message_counts_the_attempt_and_forgets_the_last_error()
    {
        var message = Queued();
        message.Retry("421 busy", Now);
        Clock.Advance(TimeSpan.FromSeconds(30));

        message.MarkSent(Now);

        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(Now, message.SentAtUtc);
        Assert.Equal(2, message.Attempts);
        Assert.Null(message.LastError);
    }

    [Fact]
    public void A_long_error_is_kept_to_1000_characters()
    {
        var message = Queued();

        message.Fail(new string('e', 5000));

        Assert.Equal(1000, message.LastError!.Length);
    }
}
