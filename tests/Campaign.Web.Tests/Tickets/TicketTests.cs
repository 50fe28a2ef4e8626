using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>One ticket per person, in the mail as inline QR images that a real decoder reads, each with its own page.</summary>
public sealed partial class TicketTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>The QR images carried inline in a mail, decoded by zbarimg, in mail order.</summary>
    public static List<string> CodesIn(MimeMessage mail) =>
        [.. mail.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MimeType == "image/png" && p.ContentId is not null).Select(p =>
        {
            using var stream = new MemoryStream();
            p.Content!.DecodeTo(stream);
            return QrDecoder.Decode(stream.ToArray());
        })];

    [Fact]
    public async Task A_party_of_three_gets_three_tickets_whose_inline_qr_codes_open_their_own_pages()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo", "");

        var mail = Assert.Single(_app.MailsTo("ana@example.org"));
        var codes = CodesIn(mail);
        Assert.Equal(3, codes.Count);
        Assert.Equal(3, codes.Distinct().Count());
        Assert.Contains("Ticket 1 of 3: Ana", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ticket 2 of 3: Bo", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Ticket 3 of 3: Guest 3 of Ana", mail.TextBody, StringComparison.Ordinal);
        // The HTML shows each image by its Content-ID, and links each ticket's page.
        foreach (var part in mail.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null))
        {
            Assert.Contains("cid:" + part.ContentId, mail.HtmlBody, StringComparison.Ordinal);
        }

        var session = new WebSession(_app);
        var holders = new List<string>();
        foreach (var code in codes)
        {
            Assert.Contains("/t/" + code, mail.TextBody, StringComparison.Ordinal);
            var page = await session.GetAsync("/t/" + code);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);
            Assert.Contains("Riverside Library", page.Text, StringComparison.Ordinal);
            Assert.Contains("EDT", page.Text, StringComparison.Ordinal);
            Assert.Contains("Describes abuse.", page.Text, StringComparison.Ordinal);
            Assert.Contains($"/t/{code}/qr.svg", page.Html, StringComparison.Ordinal);
            Assert.Contains("calendar.google.com", page.Html, StringComparison.Ordinal);
            Assert.Contains($"/s/{slug}/calendar.ics", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("/rsvp/", page.Html, StringComparison.Ordinal);
            holders.Add(HolderPattern().Match(page.Html).Groups[1].Value);
            Assert.DoesNotContain("ana@example.org", page.Text, StringComparison.Ordinal);

            var png = await _app.CreateClient().GetAsync($"/t/{code}/qr.png");
            Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, QrDecoder.Decode(await png.Content.ReadAsByteArrayAsync()));
            var svg = await _app.CreateClient().GetAsync($"/t/{code}/qr.svg");
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<svg", await svg.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(["Ana", "Bo", "Guest 3 of Ana"], holders);
    }

    [Fact]
    public async Task The_mail_viewer_shows_the_tickets_qr_images_inline()
    {
        using var app = new CampaignFactory("Development");
        var slug = await RsvpFlows.ScreeningAsync(app);
        await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var code = CodesIn(app.MailsTo("ana@example.org")[^1])[0];
        var visitor = new WebSession(app);
        var list = await visitor.GetAsync("/mail");
        var link = Regex.Matches(list.Html, "href=\"(/mail/[^\"]+\\.eml)\"").Select(m => m.Groups[1].Value)
            .Single(l => File.ReadAllText(Path.Combine(app.MailDirectory, l["/mail/".Length..])).Contains("You're confirmed", StringComparison.Ordinal));

        var html = await visitor.GetAsync(link + "/html");
        Assert.DoesNotContain("cid:", html.Html, StringComparison.Ordinal);
        var images = Regex.Matches(html.Html, "src=\"data:image/png;base64,([^\"]+)\"").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.Equal(2, images.Count);
        Assert.Equal(code, QrDecoder.Decode(images[0]));
    }

    [Fact]
    public async Task A_ticket_code_is_signed_compact_and_holds_no_personal_data()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Assert.Single(CodesIn(Assert.Single(_app.MailsTo("ana@example.org"))));

        Assert.Equal(TicketCode.CodeLength, code.Length);
        Assert.Matches("^[A-Z2-7]+$", code);
        var parsed = TicketCode.Parse(code);
        Assert.NotNull(parsed);
        var screeningId = _app.WithDb(db => db.Screenings.Single(s => s.Slug == slug).Id);
        Assert.Equal(screeningId, parsed.Value.Payload.ScreeningId);
        Assert.Equal(16, parsed.Value.Payload.Nonce.Length);
        Assert.Equal(1, parsed.Value.Payload.KeyId);

        // The public key in the database verifies the P1363 signature, as WebCrypto would.
        var spki = _app.WithDb(db => db.TicketSigningKeys.Single().PublicKey);
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(spki, out _);
        Assert.True(TicketCode.Verify(key, parsed.Value.PayloadBytes, parsed.Value.Signature));
        var bytes = TicketCode.FromBase32(code)!;
        Assert.Equal(TicketCode.PayloadLength + TicketCode.SignatureLength, bytes.Length);
        Assert.Equal(-1, bytes.AsSpan().IndexOf("Ana"u8));
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("garbage")]
    [InlineData("lowercase-other")]
    public async Task A_forged_or_mutated_code_opens_no_ticket(string how)
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var code = Assert.Single(CodesIn(Assert.Single(_app.MailsTo("ana@example.org"))));
        var bad = how switch
        {
            "flip" => code[..80] + (code[80] == 'A' ? 'B' : 'A') + code[81..],
            "truncate" => code[..^4],
            "garbage" => new string('A', TicketCode.CodeLength),
            _ => code[..^1] + "1",
        };

        var session = new WebSession(_app);
        var page = await session.GetAsync("/t/" + bad);
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("This ticket link is not valid", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _app.CreateClient().GetAsync($"/t/{bad}/qr.png")).StatusCode);
    }

    [Fact]
    public async Task Changing_the_party_adds_or_cancels_tickets_and_cancelling_the_rsvp_cancels_them_all()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo", "Cy");
        var first = CodesIn(Assert.Single(_app.MailsTo("ana@example.org")));
        var manage = new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath;

        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "2"), ("GuestNames[0]", "Bo"));
        var session = new WebSession(_app);
        Assert.Contains("cancelled", (await session.GetAsync("/t/" + first[2])).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cancelled", (await session.GetAsync("/t/" + first[1])).Text, StringComparison.Ordinal);
        Assert.Equal(2, ValidTickets(slug));

        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "3"), ("GuestNames[0]", "Bo"), ("GuestNames[1]", "Dee"));
        var grown = CodesIn(_app.MailsTo("ana@example.org")[^1]);
        Assert.Equal(3, grown.Count);
        Assert.Equal(first[..2], grown[..2]);
        Assert.DoesNotContain(first[2], grown);
        Assert.Contains("Dee", (await session.GetAsync("/t/" + grown[2])).Text, StringComparison.Ordinal);

        await RsvpFlows.ManageAsync(_app, manage, "cancel");
        Assert.Equal(0, ValidTickets(slug));
        foreach (var code in grown)
        {
            var page = await session.GetAsync("/t/" + code);
            Assert.Contains("This ticket is cancelled", page.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("qr.svg", page.Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_plus_one_gives_up_their_own_seat_and_the_waitlist_gets_it()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 3);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 3, true, "Bo", "Cy");
        await RsvpFlows.AnswerAsync(_app, slug, "Wes", "wes@example.org");
        Assert.Equal(RsvpStatus.Waitlisted, _app.WithDb(db => db.Rsvps.Single(r => r.Email == "wes@example.org").Status));
        var codes = CodesIn(Assert.Single(_app.MailsTo("ana@example.org")));

        var session = new WebSession(_app);
        var booker = await session.GetAsync("/t/" + codes[0]);
        Assert.DoesNotContain("Give up my seat", booker.Text, StringComparison.Ordinal);
        var bo = await session.GetAsync("/t/" + codes[1]);
        var refused = await session.FollowAsync(await session.PostAsync($"/t/{codes[0]}/release", [], bo.AntiforgeryToken));
        Assert.Contains("booker's own ticket", refused.Text, StringComparison.Ordinal);

        Assert.Contains("Give up my seat", bo.Text, StringComparison.Ordinal);
        var done = await session.FollowAsync(await session.PostAsync($"/t/{codes[1]}/release", [], bo.AntiforgeryToken));
        Assert.Contains("You gave up your seat", done.Text, StringComparison.Ordinal);
        Assert.Contains("This ticket is cancelled", done.Text, StringComparison.Ordinal);

        var rsvp = _app.WithDb(db => db.Rsvps.Single(r => r.Email == "ana@example.org"));
        Assert.Equal(2, rsvp.PartySize);
        Assert.Equal(["Cy"], rsvp.GuestNameList());
        Assert.Equal(RsvpStatus.Confirmed, _app.WithDb(db => db.Rsvps.Single(r => r.Email == "wes@example.org").Status));
        var told = _app.MailsTo("ana@example.org")[^1];
        Assert.Contains("Bo gave up their seat", told.TextBody, StringComparison.Ordinal);
        Assert.Equal([codes[0], codes[2]], CodesIn(told));
        Assert.Single(CodesIn(_app.MailsTo("wes@example.org")[^1]));

        // Cy's ticket still works and still says Cy.
        Assert.Contains("Cy", (await session.GetAsync("/t/" + codes[2])).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_promoted_guest_gets_tickets_in_the_promotion_mail()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 1);
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        await RsvpFlows.AnswerAsync(_app, slug, "Wes", "wes@example.org");
        Assert.Empty(CodesIn(Assert.Single(_app.MailsTo("wes@example.org"))));

        await RsvpFlows.ManageAsync(_app, new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath, "cancel");
        var promoted = _app.MailsTo("wes@example.org")[^1];
        Assert.Contains("You're in", promoted.Subject, StringComparison.Ordinal);
        var code = Assert.Single(CodesIn(promoted));
        Assert.Equal(HttpStatusCode.OK, (await new WebSession(_app).GetAsync("/t/" + code)).Status);
    }

    private int ValidTickets(string slug) => _app.WithDb(db =>
        db.Tickets.Count(t => t.Status == TicketStatus.Valid && db.Screenings.Any(s => s.Id == t.ScreeningId && s.Slug == slug)));

    [GeneratedRegex("<h1>([^<]*)</h1>")]
    private static partial Regex HolderPattern();
}
