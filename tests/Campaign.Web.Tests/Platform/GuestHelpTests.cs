using System.Net;
using Campaign.Web.Features.Guests;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>
/// The support resources and the content note on every guest surface (ADR 0024): the ticket page, the manage page,
/// the screening page, the confirmation and reminder mails, the calendar DESCRIPTION, and the door scanner's start screen.
/// </summary>
public sealed class GuestHelpTests : IDisposable
{
    private const string Note = "Describes abuse.";
    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?>
    {
        ["Campaign:SupportResources:0:Name"] = "Test Helpline",
        ["Campaign:SupportResources:0:Phone"] = "0800 000 000",
        ["Campaign:SupportResources:0:Text"] = "TALK",
    });

    public void Dispose() => _app.Dispose();

    private static void HasHelp(string? text, string where)
    {
        Assert.NotNull(text);
        Assert.True(text.Contains("Test Helpline", StringComparison.Ordinal), $"{where}: no support resources");
        Assert.True(text.Contains("0800 000 000", StringComparison.Ordinal), $"{where}: no phone number");
        Assert.True(text.Contains(Note, StringComparison.Ordinal), $"{where}: no content note");
    }

    private static string CalendarPart(MimeMessage mail) =>
        ((TextPart)mail.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar")).Text;

    [Fact]
    public async Task A_guest_finds_help_and_the_content_note_on_the_ticket_and_manage_pages_in_the_mails_and_calendar()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        await RsvpFlows.AnswerAsync(_app, slug, "Gia Guest", "gia@example.org");
        var confirmation = Assert.Single(_app.MailsTo("gia@example.org"));
        HasHelp(confirmation.TextBody, "confirmation (text)");
        HasHelp(confirmation.HtmlBody, "confirmation (HTML)");
        Assert.Contains("Test Helpline · call 0800 000 000 · text TALK", confirmation.TextBody, StringComparison.Ordinal);
        HasHelp(IcalJs.Parse(CalendarPart(confirmation)).Only().Description!, "confirmation's calendar entry");

        var guest = new WebSession(_app);
        var ticket = await guest.GetAsync("/t/" + TicketTests.CodesIn(confirmation)[0]);
        HasHelp(ticket.Text, "ticket page");
        Assert.Contains("href=\"tel:0800 000 000\"", ticket.Html, StringComparison.Ordinal);
        var manage = "/rsvp/" + _app.WithDb(db => db.Rsvps.Single()).ManageToken;
        HasHelp((await guest.GetAsync(manage)).Text, "manage page");
        HasHelp((await guest.GetAsync("/s/" + slug)).Text, "screening page");

        var (status, body, _) = await guest.DownloadAsync(manage + "/calendar.ics");
        Assert.Equal(HttpStatusCode.OK, status);
        HasHelp(IcalJs.Parse(System.Text.Encoding.UTF8.GetString(body)).Only().Description!, "guest's .ics");
        var (_, screeningIcs, _) = await guest.DownloadAsync($"/s/{slug}/calendar.ics");
        HasHelp(IcalJs.Parse(System.Text.Encoding.UTF8.GetString(screeningIcs)).Only().Description!, "screening's .ics");

        // The reminder, the day before.
        var start = GuestData.Screening(_app, slug).StartUtc;
        _app.Clock.SetUtcNow(new DateTimeOffset(start.AddHours(-23), TimeSpan.Zero));
        Assert.Equal(1, await _app.Services.GetRequiredService<ReminderJob>().RunOnceAsync(CancellationToken.None));
        var reminder = Assert.Single(_app.MailsTo("gia@example.org"), m => (m.Subject ?? "").StartsWith("Reminder:", StringComparison.Ordinal));
        HasHelp(reminder.TextBody, "reminder (text)");
        HasHelp(reminder.HtmlBody, "reminder (HTML)");
        HasHelp(IcalJs.Parse(CalendarPart(reminder)).Only().Description!, "reminder's calendar entry");
    }

    [Fact]
    public async Task The_door_scanner_start_screen_says_where_to_send_a_guest_who_needs_support()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        var scanner = await host.GetAsync("/checkin/" + slug);
        Assert.Equal(HttpStatusCode.OK, scanner.Status);
        Assert.Contains("If a guest needs support", scanner.Text, StringComparison.Ordinal);
        HasHelp(scanner.Text, "door scanner");
        // Before the camera is started: the help is on the start screen, not behind a scan.
        Assert.True(scanner.Html.IndexOf("id=\"door-help\"", StringComparison.Ordinal) < scanner.Html.IndexOf("id=\"search\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_help_page_and_the_footer_link_to_it_list_the_support_resources()
    {
        var visitor = new WebSession(_app);
        var help = await visitor.GetAsync("/help");
        Assert.Equal(HttpStatusCode.OK, help.Status);
        Assert.Contains("Test Helpline", help.Text, StringComparison.Ordinal);
        Assert.Contains("In an emergency, call your local emergency number.", help.Text, StringComparison.Ordinal);
        Assert.Contains("href=\"/help\"", (await visitor.GetAsync("/screenings")).Html, StringComparison.Ordinal);
    }
}
