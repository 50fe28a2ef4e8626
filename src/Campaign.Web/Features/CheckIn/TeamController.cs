using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.CheckIn;

/// <summary>Co-hosts and door links of one screening; and the scanner pages for accounts and door links.</summary>
public sealed class TeamController(TeamService team, ScreeningAccess access, DoorAccess door, CheckInService checkIn, IStringLocalizer<TeamController> l) : Controller
{
    // The views live with the feature (Features/CheckIn), not under the controller's name (Features/Team).
    private const string ViewsFolder = "/Features/CheckIn/";

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/team")]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        return screening is null ? NotFound() : View(ViewsFolder + "Team.cshtml", await team.ViewAsync(screening, role, null, null, ct));
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/team/doors")]
    public async Task<IActionResult> CreateDoor(string slug, DoorLinkForm form, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        if (screening is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(PlainText.SingleLine(form.Name)))
        {
            ModelState.AddModelError(nameof(form.Name), l["Give the door link a name, e.g. \"Door 2\"."]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewsFolder + "Team.cshtml", await team.ViewAsync(screening, role, form, null, ct));
        }

        await team.CreateDoorLinkAsync(screening, form, ct);
        TempData["Notice"] = l["Door link created. Send it to the door helper: it opens the scanner for this screening only."].Value;
        return Redirect($"/s/{slug}/team");
    }

    /// <summary>The confirm step before revoking (works without JavaScript).</summary>
    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/team/doors/{id:guid}/revoke")]
    public async Task<IActionResult> ConfirmRevokeDoor(string slug, Guid id, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        var link = screening is null ? null : (await team.ViewAsync(screening, role, null, null, ct)).DoorLinks.SingleOrDefault(d => d.Id == id);
        if (link is null)
        {
            return NotFound();
        }

        return View(ViewsFolder + "Confirm.cshtml", new ConfirmView(
            l["Revoke the door link “{0}”?", link.Name],
            l["Whoever holds this link can no longer open the scanner or check anyone in, from the next scan on (other app instances within a few seconds). Guests already checked in stay checked in. You can make a new link at any time."],
            $"/s/{slug}/team/doors/{id}/revoke",
            l["Yes, revoke it"],
            $"/s/{slug}/team"));
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/team/doors/{id:guid}/revoke")]
    public async Task<IActionResult> RevokeDoor(string slug, Guid id, CancellationToken ct)
    {
        var (screening, _) = await ManagedAsync(slug, ct);
        if (screening is null || !await team.RevokeDoorLinkAsync(screening, id, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = l["Door link revoked: it opens nothing any more."].Value;
        return Redirect($"/s/{slug}/team");
    }

    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpPost("/s/{slug}/team/cohosts")]
    public async Task<IActionResult> AddCoHost(string slug, CoHostForm form, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        if (screening is null || role != ScreeningRole.Host)
        {
            return NotFound();
        }

        var error = ModelState.IsValid ? await team.AddCoHostAsync(screening, User.FindFirst(CampaignClaims.DisplayName)?.Value ?? "", form, ct) : null;
        if (!ModelState.IsValid || error is not null)
        {
            if (error is not null)
            {
                ModelState.AddModelError(nameof(form.Email), error);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(ViewsFolder + "Team.cshtml", await team.ViewAsync(screening, role, null, form, ct));
        }

        TempData["Notice"] = l["Co-host added. We e-mailed them; they get access when signed in with that address."].Value;
        return Redirect($"/s/{slug}/team");
    }

    /// <summary>The confirm step before removing a co-host (works without JavaScript).</summary>
    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpGet("/s/{slug}/team/cohosts/{id:guid}/remove")]
    public async Task<IActionResult> ConfirmRemoveCoHost(string slug, Guid id, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        var coHost = screening is null || role != ScreeningRole.Host ? null : (await team.ViewAsync(screening, role, null, null, ct)).CoHosts.SingleOrDefault(c => c.Id == id);
        if (coHost is null)
        {
            return NotFound();
        }

        return View(ViewsFolder + "Confirm.cshtml", new ConfirmView(
            l["Remove {0} as co-host?", coHost.Email],
            l["They can no longer see the guest list, write to guests, edit the screening or use the door scanner for it. Nobody is mailed. You can add them again later."],
            $"/s/{slug}/team/cohosts/{id}/remove",
            l["Yes, remove them"],
            $"/s/{slug}/team"));
    }

    [Audience(Audience.ScreeningOwner)]
    [Authorize]
    [HttpPost("/s/{slug}/team/cohosts/{id:guid}/remove")]
    public async Task<IActionResult> RemoveCoHost(string slug, Guid id, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        if (screening is null || role != ScreeningRole.Host || !await team.RemoveCoHostAsync(screening, id, ct))
        {
            return NotFound();
        }

        TempData["Notice"] = l["Co-host removed."].Value;
        return Redirect($"/s/{slug}/team");
    }

    /// <summary>The scanner for the host, co-hosts and staff.</summary>
    [Audience(Audience.ScreeningTeam)]
    [Authorize]
    [HttpGet("/checkin/{slug}")]
    public async Task<IActionResult> Scanner(string slug, CancellationToken ct)
    {
        if (await access.FindAsync(slug, User, ScreeningRight.See, ct) is not { Screening: var screening })
        {
            return NotFound();
        }

        return await ScannerViewAsync(screening, null, null, canUndo: true, ct);
    }

    /// <summary>The scanner opened from a door link: no account, this one screening only, names only.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/door/{token}")]
    public async Task<IActionResult> Door(string token, CancellationToken ct)
    {
        var open = await door.OpenDoorAsync(token, ct);
        if (open is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return View(ViewsFolder + "DoorClosed.cshtml");
        }

        return await ScannerViewAsync(open.Value.Screening, token, open.Value.Link.Name, canUndo: false, ct);
    }

    /// <summary>
    /// The scanner page without any screening in it, which the service worker keeps and shows for a scanner address
    /// opened with no network; the page then reads its door from the check-in package kept on the phone.
    /// </summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/scanner-shell")]
    public IActionResult Shell()
    {
        Response.Headers.CacheControl = "no-cache";
        return View(ViewsFolder + "Scanner.cshtml", new ScannerView(Guid.Empty, "", "", "", null, null, CanUndo: false, new Counts(0, 0, ""), null, IsShell: true));
    }

    /// <summary>Makes the host's scanner installable; scoped to the scanner pages.</summary>
    [Audience(Audience.ScreeningTeam)]
    [Authorize]
    [HttpGet("/checkin/{slug}/manifest.webmanifest")]
    public async Task<IActionResult> ScannerManifest(string slug, CancellationToken ct) =>
        await access.FindAsync(slug, User, ScreeningRight.See, ct) is not { Screening: var screening }
            ? NotFound()
            : Manifest(l["Door: {0}", screening.Title], "/checkin/" + slug, "/checkin/");

    /// <summary>Makes a door link's scanner installable; the link (and so the manifest) holds the secret.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/door/{token}/manifest.webmanifest")]
    public async Task<IActionResult> DoorManifest(string token, CancellationToken ct) =>
        await door.OpenDoorAsync(token, ct) is not { } open
            ? NotFound()
            : Manifest(l["Door: {0}", open.Link.Name], "/door/" + token, "/door/");

    /// <summary>A door link as a QR code, for a helper to open it by pointing their phone at the host's screen.</summary>
    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/team/doors/{id:guid}/qr")]
    public async Task<IActionResult> DoorQr(string slug, Guid id, CancellationToken ct)
    {
        var (screening, link) = await DoorLinkRowAsync(slug, id, ct);
        if (link is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return View(ViewsFolder + "DoorQr.cshtml", new DoorQrView(screening!.Slug, screening.Title, link.Name, $"/s/{slug}/team/doors/{id}/qr.png"));
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/team/doors/{id:guid}/qr.png")]
    public async Task<IActionResult> DoorQrImage(string slug, Guid id, CancellationToken ct)
    {
        var (_, link) = await DoorLinkRowAsync(slug, id, ct);
        if (link is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        return File(Campaign.Infrastructure.Qr.QrCodes.Png(link.Url), "image/png");
    }

    private async Task<(Screening?, DoorLinkRow?)> DoorLinkRowAsync(string slug, Guid id, CancellationToken ct)
    {
        var (screening, role) = await ManagedAsync(slug, ct);
        return screening is null ? (null, null) : (screening, (await team.ViewAsync(screening, role, null, null, ct)).DoorLinks.SingleOrDefault(d => d.Id == id && d.Open));
    }

    private ContentResult Manifest(string name, string startUrl, string scope)
    {
        Response.Headers.CacheControl = "no-store";
        var json = System.Text.Json.JsonSerializer.Serialize(new
        {
            name,
            short_name = l["Door"].Value,
            start_url = startUrl,
            scope,
            display = "standalone",
            background_color = "#ffffff",
            theme_color = "#15803d",
            icons = new[] { new { src = "/img/door-icon.svg", sizes = "any", type = "image/svg+xml" } },
        });
        return Content(json, "application/manifest+json");
    }

    private async Task<ViewResult> ScannerViewAsync(Screening screening, string? doorToken, string? doorName, bool canUndo, CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        var counts = await checkIn.CountsAsync(screening.Id, ct);
        return View(ViewsFolder + "Scanner.cshtml", new ScannerView(
            screening.Id,
            screening.Slug,
            screening.Title,
            Campaign.Infrastructure.Time.ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, System.Globalization.CultureInfo.CurrentCulture),
            doorToken,
            doorName,
            canUndo,
            counts,
            doorToken is null ? $"/checkin/{screening.Slug}/manifest.webmanifest" : $"/door/{doorToken}/manifest.webmanifest",
            ContentNote: screening.ContentNote,
            MaxParty: 1 + screening.MaxPlusOnes));
    }

    private async Task<(Screening?, ScreeningRole)> ManagedAsync(string slug, CancellationToken ct) =>
        await access.FindAsync(slug, User, ScreeningRight.Manage, ct) is { } found ? (found.Screening, found.Role) : (null, ScreeningRole.None);
}

/// <summary>A confirm step: what will happen, in words, and a form that does it.</summary>
public sealed record ConfirmView(string Title, string Consequence, string Action, string ConfirmLabel, string BackUrl);

/// <param name="MaxParty">The largest walk-in party ("Add walk-in"); 0 on the offline shell, which does not know it (the server checks).</param>
public sealed record ScannerView(Guid ScreeningId, string Slug, string Title, string When, string? DoorToken, string? DoorName, bool CanUndo, Counts Counts, string? ManifestUrl, bool IsShell = false, string? ContentNote = null, int MaxParty = 0);

public sealed record DoorQrView(string Slug, string Title, string DoorName, string ImageUrl);
