namespace Campaign.Infrastructure.Mail;

/// <summary>A message the app wants to send; bodies are already rendered (text and HTML).</summary>
public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string TextBody, string HtmlBody)
{
    /// <summary>Images shown in the HTML body (by Content-ID), attached files, and alternative bodies such as a calendar invitation.</summary>
    public IReadOnlyList<MailPart> Parts { get; init; } = [];

    /// <summary>The sender's display name instead of the configured one (discreet mode: the neutral title); the address stays.</summary>
    public string? FromName { get; init; }

    public OutgoingMail With(params MailPart[] parts) => this with { Parts = [.. Parts, .. parts] };
}

public enum MailPartKind
{
    /// <summary>Shown inside the HTML body, referenced as <c>cid:ContentId</c> (a ticket's QR code).</summary>
    Inline = 0,

    /// <summary>A file the reader can open or save (an .ics file).</summary>
    Attachment = 1,

    /// <summary>Another form of the whole message beside text and HTML (<c>text/calendar; method=REQUEST</c>).</summary>
    Alternative = 2,

    /// <summary>
    /// Like <see cref="Inline"/>, but the content is the text of a QR code, drawn as a PNG only when the mail is sent:
    /// the request that queues the mail (inside its write transaction) does not pay for drawing, and the outbox row stays small.
    /// </summary>
    InlineQrCode = 3,
}

/// <summary>One extra MIME part. <paramref name="ContentType"/> may carry parameters, e.g. <c>text/calendar; method=REQUEST</c>.</summary>
public sealed record MailPart(MailPartKind Kind, string FileName, string ContentType, byte[] Content, string? ContentId = null)
{
    /// <summary>A QR code of <paramref name="text"/> shown inline by Content-ID, drawn when the mail is sent.</summary>
    public static MailPart QrCode(string text, string fileName, string contentId) =>
        new(MailPartKind.InlineQrCode, fileName, "image/png", System.Text.Encoding.UTF8.GetBytes(text), contentId);
}
