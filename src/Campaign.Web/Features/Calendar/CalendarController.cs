using System.Text;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Campaign.Web.Features.Calendar;

/// <summary>.ics downloads, feeds and the page with the signed-in user's feed address.</summary>
public sealed class CalendarController(CalendarFeeds feeds) : Controller
{
    public const string ContentType = "text/calendar; charset=utf-8";

    [Audience(Audience.Anyone)]
    [HttpGet("/s/{slug}/calendar.ics")]
    public async Task<IActionResult> Screening(string slug, [FromQuery] bool discreet, CancellationToken ct)
    {
        // ?discreet=true: the file for someone who chose discreet mode (a discreet invitation's page links to it).
        var text = await feeds.ScreeningFileAsync(slug, discreet, ct);
        return text is null ? NotFound() : Ics(text, "screening.ics", download: true);
    }

    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/calendar.ics")]
    public async Task<IActionResult> Guest(string token, CancellationToken ct)
    {
        var file = await feeds.GuestFileAsync(token, ct);
        return file is null ? NotFound() : Ics(file.Value.Text, "screening.ics", download: true, secret: true);
    }

    [Audience(Audience.Anyone)]
    [HttpGet("/screenings/calendar.ics")]
    public async Task<IActionResult> Public([FromQuery] string? region, [FromQuery] string? country, CancellationToken ct) =>
        Ics(await feeds.PublicFeedAsync(region, country, ct), "screenings.ics", download: false);

    [Audience(Audience.LinkHolder)]
    [HttpGet("/feeds/{token}.ics")]
    public async Task<IActionResult> Feed(string token, CancellationToken ct)
    {
        var text = await feeds.SecretFeedAsync(token, ct);
        return text is null ? NotFound() : Ics(text, "my-screenings.ics", download: false, secret: true);
    }

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpGet("/my/calendar")]
    public async Task<IActionResult> Mine(CancellationToken ct) => View("Mine", await feeds.UserFeedAsync(User.UserId()!, ct));

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpPost("/my/calendar/feed")]
    public async Task<IActionResult> NewFeed(CancellationToken ct)
    {
        await feeds.NewUserFeedAsync(User.UserId()!, ct);
        return Redirect("/my/calendar");
    }

    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/calendar-feed")]
    public async Task<IActionResult> NewGuestFeed(string token, CancellationToken ct)
    {
        var links = await feeds.NewGuestFeedAsync(token, ct);
        return links is null ? NotFound() : Redirect($"/rsvp/{token}#calendar-feed");
    }

    private FileContentResult Ics(string text, string fileName, bool download, bool secret = false)
    {
        // Private entries must not sit in shared caches; public ones may be cached briefly by calendar clients.
        Response.Headers.CacheControl = secret ? "no-store" : "public, max-age=300";
        Response.Headers["X-Robots-Tag"] = "noindex";
        var result = File(Encoding.UTF8.GetBytes(text), ContentType);
        if (download)
        {
            result.FileDownloadName = fileName;
        }
        else
        {
            Response.Headers.ContentDisposition = $"inline; filename={fileName}";
        }

        return result;
    }
}

/// <summary>
/// Google Calendar, Outlook.com and .ics links for a screening (public detail) or a confirmed guest's own entry.
/// Google and Outlook get the public place only, on every page (the link goes to another company); the full place
/// is only in the guest's own .ics file. Nothing for a guest who is not going (waitlisted, cancelled, declined).
/// </summary>
public sealed class AddToCalendarViewComponent(CalendarEntries entries) : ViewComponent
{
    public IViewComponentResult Invoke(Campaign.Domain.Screenings.Screening screening, Campaign.Domain.Rsvps.Rsvp? rsvp = null, bool discreet = false)
    {
        if (rsvp is not null && rsvp.Status != Campaign.Domain.Rsvps.RsvpStatus.Confirmed)
        {
            return Content("");
        }

        var guestDiscreet = discreet || rsvp?.IsDiscreet == true;
        var icsUrl = rsvp is not null ? $"/rsvp/{rsvp.ManageToken}/calendar.ics"
            : guestDiscreet && !screening.IsDiscreet ? $"/s/{screening.Slug}/calendar.ics?discreet=true"
            : $"/s/{screening.Slug}/calendar.ics";
        return View("/Features/Calendar/_AddToCalendar.cshtml", entries.AddLinks(entries.Public(screening, guestDiscreet), icsUrl));
    }
}

/// <summary>The guest feed section on the manage page.</summary>
public sealed class GuestFeedViewComponent(CalendarFeeds feeds) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Campaign.Domain.Rsvps.Rsvp rsvp)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        if (!rsvp.HasAddress)
        {
            // A feed gathers an address's screenings: a walk-in without one has none to gather.
            return Content("");
        }

        ViewData["ManageToken"] = rsvp.ManageToken;
        return View("/Features/Calendar/_GuestFeed.cshtml", await feeds.GuestFeedAsync(rsvp, HttpContext.RequestAborted));
    }
}
