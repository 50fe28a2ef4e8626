using System.Globalization;
using System.Text;
using Campaign.Infrastructure.Mail;

namespace Campaign.Web.Mail;

/// <summary>Builds the text and HTML bodies of one mail from plain-text parts; every part is encoded, never trusted as markup.</summary>
public sealed class MailTemplate
{
    private readonly List<(string Kind, string Text, string? Url)> _parts = [];
    private readonly List<MailPart> _files = [];

    private string? _neutralName;

    public MailTemplate(string greeting) => _parts.Add(("p", greeting, null));

    /// <summary>
    /// Discreet mode (decisions/0023): the sender's display name and the footer are the neutral title instead of the
    /// campaign's name; the blocks in <see cref="GuestMails"/> then leave out the film's subject.
    /// </summary>
    public bool IsDiscreet => _neutralName is not null;

    /// <summary>True once the "If you need support" link is in the mail, so it is added once.</summary>
    internal bool HasSupportLink { get; set; }

    public MailTemplate Discreet(string neutralTitle)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(neutralTitle);
        _neutralName = neutralTitle;
        return this;
    }

    public MailTemplate Paragraph(string text)
    {
        _parts.Add(("p", text, null));
        return this;
    }

    public MailTemplate Quote(string text)
    {
        _parts.Add(("quote", text, null));
        return this;
    }

    public MailTemplate Button(string label, string url)
    {
        _parts.Add(("button", label, url));
        return this;
    }

    /// <summary>A small link on its own line (unsubscribe, report), not a button.</summary>
    public MailTemplate Link(string label, string url)
    {
        _parts.Add(("link", label, url));
        return this;
    }

    /// <summary>An image carried in the mail (by Content-ID) with a caption and a link under it, e.g. a ticket's QR code.</summary>
    public MailTemplate Image(string caption, MailPart image, string linkLabel, string url)
    {
        ArgumentNullException.ThrowIfNull(image);
        _files.Add(image);
        _parts.Add(("image", caption, "cid:" + image.ContentId));
        _parts.Add(("link", linkLabel, url));
        return this;
    }

    public OutgoingMail To(string address, string? name, string subject)
    {
        var text = new StringBuilder();
        var html = new StringBuilder();
        // lang and title: a screen reader reads the mail in the right language and names the message (WCAG 3.1.1, 2.4.2).
        html.Append("<!DOCTYPE html><html lang=\"").Append(Language()).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(MailSender.Html(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:system-ui,sans-serif;line-height:1.5;max-width:36rem;color:#1c2430\">");
        foreach (var (kind, value, url) in _parts)
        {
            switch (kind)
            {
                case "button":
                    text.Append(value).Append(":\n").Append(url).Append("\n\n");
                    html.Append("<p><a href=\"").Append(MailSender.Html(url)).Append("\" style=\"display:inline-block;padding:.6em 1.2em;background:#235a70;color:#fff;text-decoration:none;border-radius:.4em\">")
                        .Append(MailSender.Html(value)).Append("</a></p>")
                        .Append("<p style=\"font-size:.85em;color:#555\">").Append(MailSender.Html(url)).Append("</p>");
                    break;
                case "link":
                    text.Append(value).Append(": ").Append(url).Append('\n');
                    html.Append("<p style=\"font-size:.85em;margin:.25em 0\"><a href=\"").Append(MailSender.Html(url)).Append("\">")
                        .Append(MailSender.Html(value)).Append("</a></p>");
                    break;
                case "image":
                    text.Append(value).Append('\n');
                    html.Append("<p style=\"margin:1.5em 0 .25em\"><strong>").Append(MailSender.Html(value)).Append("</strong><br><img src=\"")
                        .Append(MailSender.Html(url)).Append("\" width=\"220\" height=\"220\" alt=\"").Append(MailSender.Html(value)).Append("\"></p>");
                    break;
                case "quote":
                    text.Append("> ").Append(value.Replace("\n", "\n> ", StringComparison.Ordinal)).Append("\n\n");
                    html.Append("<blockquote style=\"border-left:4px solid #ccc;margin:0;padding-left:1em;white-space:pre-wrap\">").Append(MailSender.Html(value)).Append("</blockquote>");
                    break;
                default:
                    text.Append(value).Append("\n\n");
                    html.Append("<p style=\"white-space:pre-wrap\">").Append(MailSender.Html(value)).Append("</p>");
                    break;
            }
        }

        var footer = _neutralName ?? "I Am Jane Doe screenings";
        text.Append("-- \n").Append(footer).Append('\n');
        html.Append("<hr><p style=\"font-size:.85em;color:#555\">").Append(MailSender.Html(footer)).Append("</p></body></html>");
        return new OutgoingMail(address, name, subject, text.ToString(), html.ToString()) { Parts = [.. _files], FromName = _neutralName };
    }

    /// <summary>The mail's language: the culture it was written in (background jobs run invariant: the site's English).</summary>
    private static string Language()
    {
        var culture = CultureInfo.CurrentUICulture;
        return culture.Equals(CultureInfo.InvariantCulture) ? "en" : culture.Name;
    }
}
