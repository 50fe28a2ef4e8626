namespace Campaign.Infrastructure.Mail;

public enum OutboxStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
}

/// <summary>A mail waiting to be sent: written in the same SaveChanges as the change that caused it.</summary>
public sealed class OutboxMessage
{
    public const int MaxAttempts = 12;

    private OutboxMessage() { }

    public Guid Id { get; private set; }

    public string ToAddress { get; private set; } = "";

    public string? ToName { get; private set; }

    /// <summary>The sender's display name when not the configured one (discreet mode).</summary>
    public string? FromName { get; private set; }

    public string Subject { get; private set; } = "";

    public string TextBody { get; private set; } = "";

    public string HtmlBody { get; private set; } = "";

    /// <summary>One-click unsubscribe address (RFC 8058): adds List-Unsubscribe and List-Unsubscribe-Post.</summary>
    public string? UnsubscribeUrl { get; private set; }

    /// <summary>Stable across retries so a receiver can drop a duplicate of an at-least-once delivery.</summary>
    public string MessageId { get; private set; } = "";

    public OutboxStatus Status { get; private set; }

    public int Attempts { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Which dispatcher run holds the row; a claim expires so a crashed instance's rows are taken over.</summary>
    public Guid? ClaimToken { get; private set; }

    public DateTime? ClaimedUntilUtc { get; private set; }

    /// <summary>What the mail is about, so hosts can see failures.</summary>
    public Guid? ScreeningId { get; private set; }

    public Guid? InvitationId { get; private set; }

    public string Kind { get; private set; } = "";

    /// <summary>Inline images, attachments and alternative bodies, in the order they were added.</summary>
    public List<OutboxPart> Parts { get; private set; } = [];

    public static OutboxMessage Create(OutgoingMail mail, string messageIdDomain, DateTime nowUtc, string kind, Guid? screeningId = null, Guid? invitationId = null, string? unsubscribeUrl = null)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            ToAddress = mail.ToAddress.Trim(),
            ToName = MailSender.HeaderSafe(mail.ToName),
            FromName = mail.FromName is null ? null : MailSender.HeaderSafe(mail.FromName),
            Subject = MailSender.HeaderSafe(mail.Subject),
            TextBody = mail.TextBody,
            HtmlBody = mail.HtmlBody,
            UnsubscribeUrl = unsubscribeUrl,
            MessageId = $"{id:N}@{messageIdDomain}",
            Status = OutboxStatus.Pending,
            CreatedAtUtc = nowUtc,
            NextAttemptAtUtc = nowUtc,
            Kind = kind,
            ScreeningId = screeningId,
            InvitationId = invitationId,
            Parts = [.. mail.Parts.Select((p, i) => OutboxPart.From(id, i, p))],
        };
    }

    public OutgoingMail ToMail() => new(ToAddress, ToName, Subject, TextBody, HtmlBody)
    {
        FromName = FromName,
        Parts = [.. Parts.OrderBy(p => p.Position).Select(p => p.ToPart())],
    };

    public void MarkSent(DateTime nowUtc)
    {
        Status = OutboxStatus.Sent;
        SentAtUtc = nowUtc;
        Attempts++;
        ClaimToken = null;
        ClaimedUntilUtc = null;
        LastError = null;
    }

    /// <summary>A transient failure: try again later, waiting longer each time (30 s, 1 min, 2 min ... up to 1 h).</summary>
    public void Retry(string error, DateTime nowUtc)
    {
        Attempts++;
        LastError = Clip(error);
        ClaimToken = null;
        ClaimedUntilUtc = null;
        if (Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Failed;
            return;
        }

        var delay = TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Attempts - 1)));
        NextAttemptAtUtc = nowUtc + delay;
    }

    /// <summary>A permanent failure (5xx): never retried.</summary>
    public void Fail(string error)
    {
        Attempts++;
        Status = OutboxStatus.Failed;
        LastError = Clip(error);
        ClaimToken = null;
        ClaimedUntilUtc = null;
    }

    private static string Clip(string error) => error.Length > 1000 ? error[..1000] : error;
}

/// <summary>One extra MIME part of an outbox row (see <see cref="MailPart"/>).</summary>
public sealed class OutboxPart
{
    private OutboxPart() { }

    public Guid Id { get; private set; }

    public Guid OutboxMessageId { get; private set; }

    public int Position { get; private set; }

    public MailPartKind Kind { get; private set; }

    public string FileName { get; private set; } = "";

    public string ContentType { get; private set; } = "";

    public string? ContentId { get; private set; }

    public byte[] Content { get; private set; } = [];

    internal static OutboxPart From(Guid messageId, int position, MailPart part) => new()
    {
        Id = Guid.NewGuid(),
        OutboxMessageId = messageId,
        Position = position,
        Kind = part.Kind,
        FileName = MailSender.HeaderSafe(part.FileName),
        ContentType = part.ContentType,
        ContentId = part.ContentId,
        Content = part.Content,
    };

    internal MailPart ToPart() => new(Kind, FileName, ContentType, Content, ContentId);
}
