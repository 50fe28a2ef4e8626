using System.Globalization;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Qr;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.WalkIns;

/// <summary>
/// Walk-ins by poster (decisions/0025): the host's printable door poster, the walk-in form its QR code opens
/// (<c>/w/{token}</c>), and the tickets a walk-in without an address is shown on screen.
/// </summary>
public sealed class WalkInsController(
    WalkInDesk desk,
    TicketService tickets,
    TicketBook book,
    ScreeningAccess access,
    CampaignDbContext db,
    PublicLinks links,
    IStringLocalizer<WalkInsController> l) : Controller
{
    private const string ViewsFolder = "/Features/WalkIns/";

    [Audience(Audience.LinkHolder)]
    [HttpGet("/w/{token}")]
    public async Task<IActionResult> Form(string token, CancellationToken ct)
    {
        var screening = await desk.ByPosterAsync(token, ct);
        if (screening is null)
        {
            return NotFound();
        }

        NoStore();
        return FormView(await desk.PageAsync(screening, new WalkInForm(), ct));
    }

    [Audience(Audience.LinkHolder)]
    [HttpPost("/w/{token}")]
    [EnableRateLimiting(RateLimitPolicies.WalkIn)]
    public async Task<IActionResult> Form(string token, WalkInForm form, CancellationToken ct)
    {
        var result = await desk.FromPosterAsync(token, form, ModelState, ct);
        switch (result.Outcome)
        {
            case WalkInOutcome.NotFound:
                return NotFound();
            case WalkInOutcome.Seated:
                TempData["Notice"] = l["You have a seat. Show the code below at the door: they scan it to let you in."].Value;
                return Redirect($"/rsvp/{result.ManageToken}/walk-in");
            case WalkInOutcome.Sent:
                return Redirect($"/w/{token}/sent" + (form.Discreet ? "?discreet=true" : ""));
        }

        var screening = result.Screening!;
        if (result.Outcome == WalkInOutcome.Full)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ViewData["WalkIn"] = await desk.PageAsync(screening, form, ct);
            return View(ViewsFolder + "Full.cshtml", form);
        }

        if (result.Outcome == WalkInOutcome.Closed)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.Clear();
        }
        else
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        return FormView(await desk.PageAsync(screening, form, ct));
    }

    /// <summary>
    /// The page after a walk-in that gave an address, the same whatever happened (seated, waitlisted, answered before,
    /// blocked), so it tells nothing about anyone's RSVP; the mail says where they stand.
    /// </summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/w/{token}/sent")]
    public async Task<IActionResult> Sent(string token, [FromQuery] bool discreet, CancellationToken ct)
    {
        var screening = await desk.ByPosterAsync(token, ct);
        if (screening is null)
        {
            return NotFound();
        }

        ViewData["Discreet"] = screening.IsDiscreetFor(discreet);
        ViewData["WalkIn"] = await desk.PageAsync(screening, new WalkInForm { Discreet = discreet }, ct);
        return View(ViewsFolder + "Sent.cshtml", new WalkInForm { Discreet = discreet });
    }

    /// <summary>A walk-in's tickets on screen, for the door to scan (the link is theirs: it is their manage link's secret).</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/walk-in")]
    public async Task<IActionResult> Seated(string token, CancellationToken ct)
    {
        var found = await tickets.RsvpTicketsAsync(token, ct);
        if (found is not { } party)
        {
            return NotFound();
        }

        NoStore();
        ViewData["Discreet"] = party.Discreet;
        return View(ViewsFolder + "Seated.cshtml", new SeatedView(
            token,
            party.Discreet ? party.Screening.NeutralTitle : party.Screening.Title,
            ZoneClock.FormatRange(party.Screening.StartUtc, party.Screening.EndUtc, party.Screening.TimeZoneId, CultureInfo.CurrentCulture),
            [.. party.Tickets.Select(t => new SeatedTicket(t.Code, book.Holder(t), t.CheckedInAtUtc is not null))]));
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/poster")]
    public async Task<IActionResult> Poster(string slug, CancellationToken ct)
    {
        var screening = await ManagedAsync(slug, ct);
        if (screening is null)
        {
            return NotFound();
        }

        NoStore();
        var url = links.Absolute("/w/" + screening.WalkInToken);
        return View(ViewsFolder + "Poster.cshtml", new PosterView(
            screening.Slug,
            screening.TitleFor(false),
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            screening.IsOnline ? l["Online"].Value : PlaceText.Public(screening),
            url,
            // A PNG inline (img-src allows data:), big enough for 12 cm on paper.
            QrCodes.PngDataUri(url, 12),
            ZoneClock.Format(screening.StartUtc - Screening.WalkInsOpenBefore, screening.TimeZoneId, CultureInfo.CurrentCulture),
            screening.IsDiscreet));
    }

    /// <summary>A new poster code: the old poster (or a photo of it) stops working at once. The poster page says so beside the button.</summary>
    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/poster/replace")]
    public async Task<IActionResult> Replace(string slug, CancellationToken ct)
    {
        var found = await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true);
        if (found is null)
        {
            return NotFound();
        }

        found.Screening.ReplaceWalkInToken();
        await db.SaveChangesAsync(ct);
        TempData["Notice"] = l["The poster has a new code. Print it again: the old poster's code no longer opens the walk-in form."].Value;
        return Redirect($"/s/{found.Screening.Slug}/poster");
    }

    private async Task<Screening?> ManagedAsync(string slug, CancellationToken ct) =>
        (await access.FindAsync(slug, User, ScreeningRight.Manage, ct))?.Screening;

    private ViewResult FormView(WalkInPage page)
    {
        ViewData["WalkIn"] = page;
        return View(ViewsFolder + "Form.cshtml", page.Form);
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}

public sealed record SeatedTicket(string Code, string Holder, bool CheckedIn);

public sealed record SeatedView(string Token, string Title, string When, IReadOnlyList<SeatedTicket> Tickets);
