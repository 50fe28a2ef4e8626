namespace Campaign.Infrastructure.Mail;

/// <summary>A message the app wants to send; bodies are already rendered (text and HTML).</summary>
public sealed record OutgoingMail(string ToAddress, string? ToName, string Subject, string TextBody, string HtmlBody)
{
    /// <summary>Images shown in the HTML body (by Content-ID), attached files, and alternative bodies such as a calendar invitation.</summary>
    public IReadOnlyList<MailPart> Parts { get; init; } = [];

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
}

/// <summary>One extra MIME part. <paramref name="ContentType"/> may carry parameters, e.g. <c>text/calendar; method=REQUEST</c>.</summary>
public sealed record MailPart(MailPartKind Kind, string FileName, string ContentType, byte[] Content, string? ContentId = null);
