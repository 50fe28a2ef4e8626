using System.Globalization;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Pdf;
using Campaign.Infrastructure.Qr;
using Campaign.Infrastructure.Tickets;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Tickets;

/// <summary>
/// Tickets as a PDF the guest can print or keep offline: one A4 page per person, the QR code drawn as vector
/// rectangles from QRCoder's module matrix and the short code under it. The file's metadata holds a fixed title only;
/// the ticket's code is in the QR and nowhere else.
/// </summary>
public sealed class TicketPdf(TicketBook book, IStringLocalizer<TicketPdf> l)
{
    /// <summary>The download name: fixed ASCII, so no title or name can reach the Content-Disposition header.</summary>
    public const string FileName = "ticket.pdf";

    public const string ContentType = "application/pdf";

    private const double Margin = 56;

    /// <param name="screening">The screening.</param>
    /// <param name="tickets">One page each.</param>
    /// <param name="discreet">Discreet mode (decisions/0023): the neutral title on the page; the metadata title is fixed anyway.</param>
    public byte[] Write(Screening screening, IReadOnlyList<Ticket> tickets, bool discreet = false)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(tickets);
        var pdf = new SimplePdf();
        var index = 0;
        foreach (var ticket in tickets)
        {
            index++;
            Page(pdf.AddPage(), screening, ticket, index, tickets.Count, discreet);
        }

        return pdf.ToBytes(l["Ticket"]);
    }

    private void Page(PdfPage page, Screening s, Ticket ticket, int index, int count, bool discreet)
    {
        var width = page.Width - (2 * Margin);
        var y = page.Height - Margin;
        void Lines(string? text, PdfFont font, double size, double gap = 4)
        {
            foreach (var line in SimplePdf.Wrap(text, font, size, width))
            {
                y -= size;
                page.Text(Margin, y, line, font, size);
                y -= gap;
            }
        }

        Lines(count == 1 ? l["TICKET · admits one person"] : l["TICKET {0} OF {1} · admits one person", index, count], PdfFont.Helvetica, 10);
        y -= 6;
        Lines(book.Holder(ticket), PdfFont.HelveticaBold, 24);
        Lines(discreet ? s.NeutralTitle : s.Title, PdfFont.HelveticaBold, 15);
        y -= 4;
        Lines(ZoneClock.FormatRange(s.StartUtc, s.EndUtc, s.TimeZoneId, CultureInfo.CurrentCulture), PdfFont.Helvetica, 12);
        Lines(l["Time zone: {0}", s.TimeZoneId.Replace('_', ' ')], PdfFont.Helvetica, 10);
        y -= 4;
        if (s.IsOnline)
        {
            Lines(l["Online: {0}", s.OnlineUrl ?? ""], PdfFont.Helvetica, 12);
        }
        else
        {
            foreach (var line in PlaceText.AddressLines(s))
            {
                Lines(line, PdfFont.Helvetica, 12, gap: 2);
            }
        }

        // The QR code, centred: 4 pt per module keeps a version 8 code (57 modules with its quiet zone) about 8 cm wide.
        var modules = QrCodes.Modules(ticket.Code);
        var moduleSize = Math.Min(4.0, (page.Width - (2 * Margin)) / modules.Count);
        var qrSize = moduleSize * modules.Count;
        y -= 16;
        page.Modules((page.Width - qrSize) / 2, y, moduleSize, modules);
        y -= qrSize + 22;
        page.CentredText(y, TicketCode.ShortForm(ticket.Code), PdfFont.HelveticaBold, 18);
        y -= 14;
        page.CentredText(y, l["Show this page at the door, printed or on your phone."], PdfFont.Helvetica, 10);
        y -= 20;
        if (!string.IsNullOrWhiteSpace(s.AccessibilityNotes))
        {
            Lines(l["Accessibility: {0}", s.AccessibilityNotes], PdfFont.Helvetica, 10);
        }

        if (!string.IsNullOrWhiteSpace(s.ContentNote) && !discreet)
        {
            Lines(l["Content note: {0}", s.ContentNote], PdfFont.Helvetica, 10);
        }

        page.Text(Margin, Margin, discreet ? l["Please keep the address to yourself."] : l["Please keep the address to yourself: guests may be survivors."], PdfFont.Helvetica, 9);
    }
}
