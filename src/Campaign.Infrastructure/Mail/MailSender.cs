using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Campaign.Infrastructure.Mail;

/// <summary>Turns an <see cref="OutgoingMail"/> into a MIME message (text + HTML); mail is sent through the outbox.</summary>
public sealed class MailSender(IOptions<MailOptions> options, TimeProvider clock)
{
    /// <summary>How the sender reads addresses; what <see cref="Campaign.Domain.EmailAddress"/> accepts must read back unchanged with these.</summary>
    public static ParserOptions AddressParsing => ParserOptions.Default;

    public MimeMessage Compose(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage();
        var from = MailboxAddress.Parse(AddressParsing, options.Value.From);
        if (!string.IsNullOrWhiteSpace(mail.FromName))
        {
            // Discreet mode: the configured name may name the film; the address cannot change (decisions/0023).
            from = new MailboxAddress(HeaderSafe(mail.FromName), from.Address);
        }

        message.From.Add(from);
        message.To.Add(new MailboxAddress(HeaderSafe(mail.ToName), mail.ToAddress.Trim()));
        message.Subject = HeaderSafe(mail.Subject);
        // MimeKit formats the Date header in the invariant RFC 5322 form.
        message.Date = clock.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailboxAddress.Parse(AddressParsing, options.Value.From).Domain);
        message.Body = Body(mail);
        return message;
    }

    /// <summary>
    /// mixed[ alternative[ text, related[ html, inline images ], alternatives (calendar) ], attachments ],
    /// each wrapper only when it has something to wrap: the layout Gmail, Outlook and Apple Mail agree on.
    /// </summary>
    private static MimeEntity Body(OutgoingMail mail)
    {
        MimeEntity html = new TextPart(TextFormat.Html) { Text = mail.HtmlBody };
        var inline = mail.Parts.Where(p => p.Kind is MailPartKind.Inline or MailPartKind.InlineQrCode)
            .Select(p => p.Kind == MailPartKind.InlineQrCode
                ? p with { Kind = MailPartKind.Inline, Content = Qr.QrCodes.Png(System.Text.Encoding.UTF8.GetString(p.Content), 6) }
                : p)
            .ToList();
        if (inline.Count > 0)
        {
            var related = new MultipartRelated { html };
            foreach (var part in inline)
            {
                related.Add(Part(part, ContentDisposition.Inline));
            }

            html = related;
        }

        var alternative = new MultipartAlternative { new TextPart(TextFormat.Plain) { Text = mail.TextBody }, html };
        foreach (var part in mail.Parts.Where(p => p.Kind == MailPartKind.Alternative))
        {
            alternative.Add(Part(part, disposition: null));
        }

        var attachments = mail.Parts.Where(p => p.Kind == MailPartKind.Attachment).ToList();
        if (attachments.Count == 0)
        {
            return alternative;
        }

        var mixed = new Multipart("mixed") { alternative };
        foreach (var part in attachments)
        {
            mixed.Add(Part(part, ContentDisposition.Attachment));
        }

        return mixed;
    }

    private static MimePart Part(MailPart part, string? disposition)
    {
        var type = ContentType.Parse(part.ContentType);
        var mime = new MimePart(type)
        {
            Content = new MimeContent(new MemoryStream(part.Content)),
            // Text keeps its CRLF line structure (calendar readers rely on it); binary goes as base64.
            ContentTransferEncoding = type.MediaType == "text" ? ContentEncoding.QuotedPrintable : ContentEncoding.Base64,
        };
        if (disposition is not null)
        {
            mime.ContentDisposition = new ContentDisposition(disposition) { FileName = HeaderSafe(part.FileName) };
        }
        else
        {
            mime.ContentType.Name = HeaderSafe(part.FileName);
        }

        if (part.ContentId is not null)
        {
            mime.ContentId = part.ContentId;
        }

        return mime;
    }

    /// <summary>Header values never carry CR, LF or other control characters.</summary>
    public static string HeaderSafe(string? value)
    {
        var clean = Campaign.Domain.PlainText.SingleLine(value);
        if (clean.Length <= 200)
        {
            return clean;
        }

        // Never cut a surrogate pair in half.
        var cut = char.IsHighSurrogate(clean[199]) ? 199 : 200;
        return clean[..cut];
    }

    /// <summary>Encodes text for HTML mail bodies.</summary>
    public static string Html(string? text) => HtmlUtils.HtmlEncode(text ?? "");
}
