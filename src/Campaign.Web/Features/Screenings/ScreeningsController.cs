using Campaign.Domain.Screenings;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Screenings;

public sealed class ScreeningsController(ScreeningPages pages, ScreeningEditor editor, ScreeningAccess access, Campaign.Web.Features.Guests.GuestDashboard dashboard, IStringLocalizer<ScreeningsController> l) : Controller
{
    [Audience(Audience.Anyone)]
    [HttpGet("/screenings")]
    public async Task<IActionResult> Directory(DirectoryFilter filter, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            // A nonsense filter (hand-edited URL) shows the unfiltered directory rather than an error.
            filter = new DirectoryFilter();
        }

        return View(await pages.DirectoryAsync(filter, ct));
    }

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpGet("/my/screenings")]
    public async Task<IActionResult> Mine(CancellationToken ct) => View(await pages.MineAsync(User.UserId()!, ct));

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpGet("/screenings/new")]
    public IActionResult Create()
    {
        if (!User.HasClaim(CampaignClaims.EmailConfirmed, "true"))
        {
            ModelState.AddModelError("", l["Confirm your e-mail address first: open the link we sent you, or ask for a new one on your account page."]);
        }

        return EditView(null, new ScreeningForm(), 0);
    }

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpPost("/screenings/new")]
    public async Task<IActionResult> Create(ScreeningForm form, CancellationToken ct)
    {
        var screening = await editor.CreateAsync(User.UserId()!, form, ModelState, ct);
        if (screening is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return EditView(null, form, 0);
        }

        TempData["Notice"] = screening.Moderation == ModerationState.Pending
            ? l["Your screening is created. It will be listed publicly once the campaign's staff approve it; you can already share its link."].Value
            : l["Your screening is created."].Value;
        return Redirect("/s/" + screening.Slug);
    }

    private ViewResult EditView(string? slug, ScreeningForm form, int seatsTaken)
    {
        ViewData["Slug"] = slug;
        ViewData["IsNew"] = slug is null;
        ViewData["SeatsTaken"] = seatsTaken;
        return View("Edit", form);
    }

    /// <summary>
    /// The screening page. Its host, co-hosts and staff get the dashboard (never cached: it lists guests); with
    /// <c>?view=guest</c> they see the page as guests do.
    /// </summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/s/{slug}")]
    public async Task<IActionResult> Details(string slug, [FromQuery(Name = "view")] string? show, [FromQuery] string? tab, [FromQuery] string? invite, CancellationToken ct)
    {
        var screening = await pages.FindAsync(slug, ct);
        if (screening is null)
        {
            return NotFound();
        }

        var role = await access.RoleAsync(screening, User, ct);
        var isHost = role is ScreeningRole.Host or ScreeningRole.CoHost;
        var isStaff = User.IsStaff();
        var suspended = await access.IsHostSuspendedAsync(screening, ct);
        if (screening.IsHiddenFromGuests(suspended) && !isHost && !isStaff)
        {
            return NotFound();
        }

        var page = pages.Page(screening, isHost, isStaff, suspended);
        if ((isHost || isStaff) && !string.Equals(show, "guest", StringComparison.OrdinalIgnoreCase))
        {
            Response.Headers.CacheControl = "no-store";
            return View("Dashboard", new ScreeningDashboardView(page, await dashboard.BuildAsync(screening, User, tab, ct), role == ScreeningRole.Host));
        }

        ViewData["AsGuest"] = isHost || isStaff;
        if (await pages.DiscreetInvitationAsync(screening, invite, ct))
        {
            ViewData["GuestDiscreet"] = true;
            ViewData["HelpUrl"] = "/i/" + Uri.EscapeDataString(invite!) + "/help";
        }

        return View(page);
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/edit")]
    public async Task<IActionResult> Edit(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct) is not { Screening: var screening })
        {
            return NotFound();
        }

        return EditView(slug, editor.ToForm(screening), screening.SeatsTaken);
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/edit")]
    public async Task<IActionResult> Edit(string slug, ScreeningForm form, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        if (await editor.UpdateAsync(screening, form, ModelState, ct) is not { } result)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return EditView(slug, form, screening.SeatsTaken);
        }

        TempData["Notice"] = AfterEdit(result);
        // Discreet mode may have given it a new, random slug (the old one redirects).
        return Redirect("/s/" + screening.Slug);
    }

    /// <summary>What the host is told after an edit, with the real counts: who was mailed, and what staff will do.</summary>
    private string AfterEdit(EditResult result)
    {
        var parts = new List<string> { l["Saved."] };
        if (result.Changes.RetiredSlug is not null)
        {
            parts.Add(l["Discreet mode is on: the screening has a new link of random characters; the old link keeps working."]);
        }

        var what = result.Changes.TimeChanged && result.Changes.PlaceChanged ? l["the new time and place"]
            : result.Changes.TimeChanged ? l["the new time"]
            : result.Changes.PlaceChanged ? l["the new place"]
            : null;
        if (what is not null)
        {
            parts.Add(result.Mailed switch
            {
                0 => l["No confirmed guests yet, so nobody was mailed."],
                1 => l["1 guest was mailed {0}.", what],
                _ => l["{0} guests were mailed {1}.", result.Mailed, what],
            });
        }

        if (result.BackInReview)
        {
            parts.Add(result.Pending
                ? l["The listing is back in review: it is listed again once staff approve it."]
                : l["The listing is back in review: it stays listed while staff look at the change."]);
        }
        else if (result.Pending)
        {
            parts.Add(l["It is waiting for approval before it is listed."]);
        }

        return string.Join(" ", parts);
    }

    /// <summary>The host alone: the copy is theirs (co-hosts and staff run someone else's screening).</summary>
    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpGet("/s/{slug}/duplicate")]
    public async Task<IActionResult> Duplicate(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct) is not { Screening: var screening })
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        return View(editor.ToDuplicateForm(screening));
    }

    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpPost("/s/{slug}/duplicate")]
    public async Task<IActionResult> Duplicate(string slug, DuplicateForm form, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct) is not { Screening: var screening })
        {
            return NotFound();
        }

        var copy = await editor.DuplicateAsync(screening, form, ModelState, ct);
        if (copy is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            ViewData["Screening"] = screening;
            return View(form);
        }

        TempData["Notice"] = copy.Moderation == ModerationState.Pending
            ? l["The copy is created. It will be listed publicly once the campaign's staff approve it; you can already share its link."].Value
            : l["The copy is created. Nobody is invited to it yet."].Value;
        return Redirect("/s/" + copy.Slug);
    }

    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpGet("/s/{slug}/cancel")]
    public async Task<IActionResult> Cancel(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        ViewData["Consequence"] = await editor.CancelConsequenceAsync(screening, ct);
        return View(new CancelForm());
    }

    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpPost("/s/{slug}/cancel")]
    public async Task<IActionResult> Cancel(string slug, CancelForm form, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        ViewData["Consequence"] = await editor.CancelConsequenceAsync(screening, ct);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form);
        }

        var (error, mailed) = await editor.CancelAsync(screening, form.Reason, ct);
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View(form);
        }

        TempData["Notice"] = mailed switch
        {
            0 => l["The screening is cancelled. Nobody needed to be mailed."].Value,
            1 => l["The screening is cancelled. 1 person was mailed."].Value,
            _ => l["The screening is cancelled. {0} people were mailed.", mailed].Value,
        };
        return Redirect("/s/" + slug);
    }
}
