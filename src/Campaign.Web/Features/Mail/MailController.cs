using System.Text.RegularExpressions;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MimeKit;

namespace Campaign.Web.Features.Mail;

public sealed record MailListItem(string Name, string To, string Subject, DateTimeOffset Date);

public sealed record MailView(string Name, string From, string To, string Subject, DateTimeOffset Date, string? Text, bool HasHtml);

/// <summary>Reads the pickup folder back: staff anywhere, anyone in Development.</summary>
[Audience(Audience.Staff)]
[Authorize(Policy = Policies.MailViewer)]
[Route("mail")]
public sealed partial class MailController(MailFolder folder) : Controller
{
    [HttpGet("")]
    public IActionResult Index()
    {
        var items = new List<MailListItem>();
        if (Directory.Exists(folder.Path))
        {
            // Newest first by write time: names carry the clock, which tests may hold still.
            foreach (var file in Directory.GetFiles(folder.Path, "*.eml").OrderByDescending(System.IO.File.GetLastWriteTimeUtc).Take(200))
            {
                var message = MimeMessage.Load(file);
                items.Add(new MailListItem(Path.GetFileName(file), message.To.ToString(), message.Subject ?? "", message.Date));
            }
        }

        return View(items);
    }

    [HttpGet("{name}")]
    public IActionResult Show(string name)
    {
        if (Load(name) is not { } message)
        {
            return NotFound();
        }

        return View(new MailView(name, message.From.ToString(), message.To.ToString(), message.Subject ?? "", message.Date, message.TextBody, message.HtmlBody is not null));
    }

    [HttpGet("{name}/html")]
    public IActionResult Html(string name)
    {
        if (Load(name) is not { HtmlBody: { } body } message)
        {
            return NotFound();
        }

        // Browsers cannot resolve cid: references (a ticket's QR code): show the message's own inline parts as data: URIs.
        var html = body;
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null && p.ContentType.MediaType == "image"))
        {
            using var bytes = new MemoryStream();
            part.Content?.DecodeTo(bytes);
            var uri = $"data:{part.ContentType.MimeType};base64,{Convert.ToBase64String(bytes.ToArray())}";
            html = html.Replace("cid:" + part.ContentId, uri, StringComparison.Ordinal);
        }

        // Links in the message open in a new tab, outside the sandboxed frame (inside it they would be blocked or open
        // within the frame); the sandbox still applies to the frame itself.
        html = WithBaseTarget(html);

        // The message's own markup runs in a sandbox: no scripts, no requests except inline images.
        Response.Headers.ContentSecurityPolicy = "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation; default-src 'none'; img-src data: cid:; style-src 'unsafe-inline'; frame-ancestors 'self'";
        return Content(html, "text/html; charset=utf-8");
    }

    [HttpGet("{name}/raw")]
    public IActionResult Raw(string name)
    {
        var path = PathOf(name);
        return path is null ? NotFound() : PhysicalFile(path, "message/rfc822", name);
    }

    private static string WithBaseTarget(string html)
    {
        const string baseTag = "<base target=\"_blank\">";
        var head = HeadTag().Match(html);
        return head.Success ? html.Insert(head.Index + head.Length, baseTag) : baseTag + html;
    }

    [GeneratedRegex("<head(\\s[^>]*)?>", RegexOptions.IgnoreCase)]
    private static partial Regex HeadTag();

    private MimeMessage? Load(string name) => PathOf(name) is { } path ? MimeMessage.Load(path) : null;

    private string? PathOf(string name)
    {
        if (!FileName().IsMatch(name))
        {
            return null;
        }

        var path = Path.Combine(folder.Path, name);
        return System.IO.File.Exists(path) ? path : null;
    }

    [GeneratedRegex(@"^[0-9T]{18}-[0-9a-f]{32}\.eml$")]
    private static partial Regex FileName();
}
