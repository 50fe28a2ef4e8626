using Campaign.Web.Features.Rsvps;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Guests;

/// <summary>The host's guest list. Never stored by a browser or proxy cache: it holds guests' names and addresses.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class GuestsController(GuestListService guests, GuestDashboard dashboard, RsvpHostActions actions, ScreeningAccess access, IStringLocalizer<GuestsController> l) : Controller
{
    /// <summary>The guest list as a CSV file (host, co-hosts, staff), streamed row by row; never stored by a cache.</summary>
    [Audience(Audience.ScreeningTeam)]
    [HttpGet("/s/{slug}/guests.csv")]
    public async Task Export(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.See, ct) is not { Screening: var screening })
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await using var csv = CsvWriter.ForResponse(Response, GuestDashboard.ExportFileName(screening));
        await dashboard.ExportAsync(screening, csv, ct);
    }

    [Audience(Audience.ScreeningManagers)]
    [HttpPost("/s/{slug}/guests/{id:guid}/tickets")]
    [EnableRateLimiting(RateLimitPolicies.Invite)]
    public Task<IActionResult> ResendTickets(string slug, Guid id, CancellationToken ct) =>
        ActAsync(slug, "going", s => actions.ResendTicketsAsync(s, id, ct), ct);

    [Audience(Audience.ScreeningManagers)]
    [HttpPost("/s/{slug}/guests/{id:guid}/move-up")]
    public Task<IActionResult> MoveUp(string slug, Guid id, CancellationToken ct) =>
        ActAsync(slug, "waitlist", s => actions.MoveUpAsync(s, id, ct), ct);

    /// <summary>The remove step: says what removing does, in words, before anything changes (works without JavaScript).</summary>
    [Audience(Audience.ScreeningManagers)]
    [HttpGet("/s/{slug}/guests/{id:guid}/remove")]
    public async Task<IActionResult> Remove(string slug, Guid id, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct) is not { Screening: var screening }
            || await actions.PreviewAsync(screening, id, ct) is not { } guest)
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        return View("Remove", guest);
    }

    [Audience(Audience.ScreeningManagers)]
    [HttpPost("/s/{slug}/guests/{id:guid}/remove")]
    [ActionName(nameof(Remove))]
    public Task<IActionResult> RemoveConfirmed(string slug, Guid id, [FromForm] string? tab, CancellationToken ct) =>
        ActAsync(slug, tab == "waitlist" ? "waitlist" : "going", s => actions.RemoveAsync(s, id, ct), ct);

    /// <summary>Host and co-hosts act on guests (staff look); the answer is a notice on the dashboard's tab.</summary>
    private async Task<IActionResult> ActAsync(string slug, string tab, Func<Campaign.Domain.Screenings.Screening, Task<ManageResult>> act, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct) is not { Screening: var screening })
        {
            return NotFound();
        }

        var result = await act(screening);
        if (!result.Found)
        {
            return NotFound();
        }

        TempData["Notice"] = result.Error ?? result.Notice;
        return Redirect($"/s/{screening.Slug}?tab={tab}#guests");
    }

    [Audience(Audience.ScreeningTeam)]
    [HttpGet("/s/{slug}/guests")]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        // Host, co-hosts and staff; everyone else gets 404, so the page does not even confirm that a guest list exists.
        if (await access.FindAsync(slug, User, ScreeningRight.See, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        return ListView(await guests.ListAsync(screening, User, ct), new MessageForm());
    }

    [Audience(Audience.ScreeningManagers)]
    [HttpPost("/s/{slug}/guests/message")]
    [EnableRateLimiting(RateLimitPolicies.Invite)]
    public async Task<IActionResult> Message(string slug, [Bind(Prefix = nameof(GuestListView.Form))] MessageForm form, CancellationToken ct)
    {
        // Writing to the guests: the host and co-hosts (staff look, they do not speak for the host).
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return ListView(await guests.ListAsync(screening, User, ct), form);
        }

        var sent = await guests.MessageAsync(screening, form.Message, ct);
        TempData["Notice"] = sent switch
        {
            0 => l["There are no confirmed guests to send it to."].Value,
            1 => l["Your message was sent to 1 guest."].Value,
            _ => l["Your message was sent to {0} guests.", sent].Value,
        };
        return Redirect($"/s/{slug}/guests");
    }

    private ViewResult ListView(GuestListView model, MessageForm form) => View("Index", model with { Form = form });
}
