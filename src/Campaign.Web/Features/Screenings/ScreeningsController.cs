using Campaign.Domain.Screenings;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Screenings;

public sealed class ScreeningsController(ScreeningPages pages, ScreeningEditor editor, ScreeningAccess access, IStringLocalizer<ScreeningsController> l) : Controller
{
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

    [Authorize]
    [HttpGet("/my/screenings")]
    public async Task<IActionResult> Mine(CancellationToken ct) => View(await pages.MineAsync(User.UserId()!, ct));

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

    [HttpGet("/s/{slug}")]
    public async Task<IActionResult> Details(string slug, CancellationToken ct)
    {
        var screening = await pages.FindAsync(slug, ct);
        if (screening is null)
        {
            return NotFound();
        }

        var role = await access.RoleAsync(screening, User, ct);
        var isHost = role is ScreeningRole.Host or ScreeningRole.CoHost;
        ViewData["IsOwner"] = role == ScreeningRole.Host;
        var isStaff = User.IsStaff();
        var suspended = await access.IsHostSuspendedAsync(screening, ct);
        if (screening.IsHiddenFromGuests(suspended) && !isHost && !isStaff)
        {
            return NotFound();
        }

        return View(pages.Page(screening, isHost, isStaff, suspended));
    }

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

    [Authorize]
    [HttpPost("/s/{slug}/edit")]
    public async Task<IActionResult> Edit(string slug, ScreeningForm form, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        if (!await editor.UpdateAsync(screening, form, ModelState, ct))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return EditView(slug, form, screening.SeatsTaken);
        }

        TempData["Notice"] = screening.Moderation == ModerationState.Pending
            ? l["Saved. It is waiting for approval before it is listed."].Value
            : l["Saved."].Value;
        return Redirect("/s/" + slug);
    }

    /// <summary>The host alone: the copy is theirs (co-hosts and staff run someone else's screening).</summary>
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

    [Authorize]
    [HttpGet("/s/{slug}/cancel")]
    public async Task<IActionResult> Cancel(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        return View(new CancelForm());
    }

    [Authorize]
    [HttpPost("/s/{slug}/cancel")]
    public async Task<IActionResult> Cancel(string slug, CancelForm form, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.Own, ct, tracked: true) is not { Screening: var screening })
        {
            return NotFound();
        }

        ViewData["Screening"] = screening;
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var error = await editor.CancelAsync(screening, form.Reason, ct);
        if (error is not null)
        {
            ModelState.AddModelError("", error);
            return View(form);
        }

        TempData["Notice"] = l["The screening is cancelled."].Value;
        return Redirect("/s/" + slug);
    }
}
