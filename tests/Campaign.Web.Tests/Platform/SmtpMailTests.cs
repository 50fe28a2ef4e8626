using System.Globalization;

namespace Campaign.Web.Tests;

public sealed class SmtpMailTests
{
    [Fact]
    public async Task In_smtp_mode_mail_reaches_a_real_smtp_server_with_text_and_html_parts()
    {
        await using var smtp = new SmtpSink();
        using var app = new CampaignFactory(settings: new Dictionary<string, string?>
        {
            ["Mail:Mode"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:From"] = "Screenings <screenings@example.org>",
        });

        await new WebSession(app).SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        Assert.Equal(1, app.DeliverMail());
        var mail = Assert.Single(smtp.Received);
        Assert.Equal("Confirm your e-mail address", mail.Subject);
        Assert.Equal("ana@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("screenings@example.org", mail.From.Mailboxes.Single().Address);
        Assert.Contains("/account/confirm-email?userId=", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<a href=", mail.HtmlBody, StringComparison.Ordinal);
        Assert.EndsWith("@example.org", mail.MessageId, StringComparison.Ordinal);
        // RFC 5322 date, culture-invariant ("Sat, 28 Nov 2026 ...").
        Assert.Matches(@"^[A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$", (mail.Headers["Date"] ?? "").Trim());
        Assert.False(Directory.Exists(app.MailDirectory) && Directory.GetFiles(app.MailDirectory).Length > 0, "Nothing is written to the pickup folder in Smtp mode.");
    }
}
