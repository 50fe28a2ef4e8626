using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Guests;

/// <summary>The host's guest list. Never stored by a browser or proxy cache: it holds guests' names and addresses.</summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class GuestsController(GuestListService guests, ScreeningAccess access, IStringLocalizer<GuestsController> l) : Controller
{
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
