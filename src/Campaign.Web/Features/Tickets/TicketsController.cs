using Campaign.Infrastructure.Qr;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Web.Features.Tickets;

/// <summary>A ticket's own page and its QR images. The code in the path is the only key: no account needed, nothing else shown.</summary>
public sealed class TicketsController(TicketService tickets) : Controller
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

    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}/qr.svg")]
    public async Task<IActionResult> Svg(string code, CancellationToken ct)
    {
        var ticket = await tickets.FindAsync(code, ct);
        if (ticket is null)
        {
            return NotFound();
        }

        Private();
        return Content(QrCodes.Svg(ticket.Code), "image/svg+xml");
    }

    /// <summary>For mail clients and printing; mails carry the same image inline.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/t/{code}/qr.png")]
    public async Task<IActionResult> Png(string code, CancellationToken ct)
    {
        var ticket = await tickets.FindAsync(code, ct);
        if (ticket is null)
        {
            return NotFound();
        }

        Private();
        return File(QrCodes.Png(ticket.Code, 8), "image/png");
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
        return View("Unknown");
    }
}
