using Campaign.Infrastructure.Qr;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Web.Features.Tickets;

/// <summary>A ticket's own page and its QR images. The code in the path is the only key: no account needed, nothing else shown.</summary>
public sealed class TicketsController(TicketService tickets, TicketPdf pdf) : Controller
{
    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}")]
    public async Task<IActionResult> Show(string code, CancellationToken ct)
    {
        var view = await tickets.PageAsync(code, ct);
        if (view is null)
        {
            return Unknown();
        }

        Private();
        return View("Show", view);
    }

    // A cancelled ticket (or one of a cancelled screening) has no QR image, PNG or PDF: 410, so nothing that looks
    // like an admission is handed out.
    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}/qr.svg")]
    public async Task<IActionResult> Svg(string code, CancellationToken ct)
    {
        if (await AdmittingAsync(code, ct) is not { } found)
        {
            return VoidOrUnknown(found: await tickets.FindAsync(code, ct) is not null);
        }

        Private();
        return Content(QrCodes.Svg(found.Ticket.Code), "image/svg+xml");
    }

    /// <summary>This one ticket as a printable PDF page.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}/ticket.pdf")]
    public async Task<IActionResult> Pdf(string code, CancellationToken ct)
    {
        if (await AdmittingAsync(code, ct) is not { } found)
        {
            return VoidOrUnknown(found: await tickets.FindAsync(code, ct) is not null);
        }

        Private();
        return File(pdf.Write(found.Screening, [found.Ticket], await tickets.IsDiscreetAsync(found.Ticket, found.Screening, ct)), TicketPdf.ContentType, TicketPdf.FileName);
    }

    /// <summary>All the valid tickets of an RSVP (its manage link), one page per person.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/tickets.pdf")]
    public async Task<IActionResult> RsvpPdf(string token, CancellationToken ct)
    {
        var found = await tickets.RsvpTicketsAsync(token, ct);
        if (found is null)
        {
            return NotFound();
        }

        if (found.Value.Tickets.Count == 0)
        {
            return VoidOrUnknown(found: true);
        }

        Private();
        return File(pdf.Write(found.Value.Screening, found.Value.Tickets, found.Value.Discreet), TicketPdf.ContentType, "tickets.pdf");
    }

    private Task<(Domain.Tickets.Ticket Ticket, Domain.Screenings.Screening Screening)?> AdmittingAsync(string code, CancellationToken ct) =>
        tickets.AdmittingAsync(code, ct);

    private IActionResult VoidOrUnknown(bool found)
    {
        Response.Headers.CacheControl = "no-store";
        return found
            ? Problem(statusCode: StatusCodes.Status410Gone, title: "This ticket is cancelled and does not admit anyone.")
            : NotFound();
    }

    /// <summary>For mail clients and printing; mails carry the same image inline.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}/qr.png")]
    public async Task<IActionResult> Png(string code, CancellationToken ct)
    {
        if (await AdmittingAsync(code, ct) is not { } found)
        {
            return VoidOrUnknown(found: await tickets.FindAsync(code, ct) is not null);
        }

        Private();
        return File(QrCodes.Png(found.Ticket.Code, 8), "image/png");
    }

    private void Private()
    {
        // The page is the ticket: never cached by a shared cache, never sent as a referrer.
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
    }

    private ViewResult Unknown()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        // It may be a discreet guest's ticket link (decisions/0023): the page names nothing.
        ViewData["Discreet"] = true;
        return View("Unknown");
    }
}
