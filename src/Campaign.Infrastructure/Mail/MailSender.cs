using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Campaign.Infrastructure.Mail;

/// <summary>Turns an <see cref="OutgoingMail"/> into a MIME message (text + HTML); mail is sent through the outbox.</summary>
public sealed class MailSender(IOptions<MailOptions> options, TimeProvider clock)
{
    public MimeMessage Compose(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        message.To.Add(new MailboxAddress(HeaderSafe(mail.ToName), mail.ToAddress.Trim()));
        message.Subject = HeaderSafe(mail.Subject);
        // MimeKit formats the Date header in the invariant RFC 5322 form.
        message.Date = clock.GetUtcNow();
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId(MailboxAddress.Parse(options.Value.From).Domain);
        var body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody };
        message.Body = body.ToMessageBody();
        return message;
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
