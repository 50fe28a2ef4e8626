using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;
using Campaign.Web.Features.WalkIns;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.CheckIn;

/// <summary>
/// The door's JSON API. Callers are the host, co-hosts, staff (cookie) or a door link (X-Door-Token header). Errors
/// are JSON with a reason: 400 bad request, 401 nobody, 403 not for this screening, 404 no such screening, 415 not
/// JSON. POSTs take only application/json, which a cross-site form cannot send (no CSRF through the host's cookie).
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[EnableRateLimiting(RateLimitPolicies.CheckIn)]
// No antiforgery token: the JSON-only rule (ReadAsync) is the CSRF defence (a cross-site page can send application/json only
// after a CORS preflight, which this app never grants), and door links or hardware clients have no form to carry one.
[IgnoreAntiforgeryToken]
public sealed class CheckInApiController(DoorAccess access, CheckInService checkIn, WalkInDesk walkIns, TicketKeys keys, IStringLocalizer<CheckInApiController> l) : Controller
{
    [Audience(Audience.Door)]
    [HttpPost("/api/checkin")]
    public async Task<IActionResult> Scan(CancellationToken ct)
    {
        var (request, unreadable) = await ReadAsync<ScanRequest>(ct);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (request is null)
        {
            return Error(400, l["Send JSON like {\"screening\": \"...\", \"code\": \"...\"}."]);
        }

        if (string.IsNullOrWhiteSpace(request.Code))
        {
            return Error(400, l["\"code\" is missing: send the text of the scanned QR code."]);
        }

        if (request.ScanId is { Length: > CheckInScan.ScanIdMaxLength })
        {
            return Error(400, l["\"scanId\" can be at most {0} characters.", CheckInScan.ScanIdMaxLength]);
        }

        var (screening, actor, denied) = await CallerAsync(request.Screening, ct);
        if (denied is not null && request.DecidedOffline && screening is not null
            && await access.ClosedDoorAsync(screening, Request.Headers[ScreeningAccess.DoorHeader].ToString(), ct) is { } closed)
        {
            // Scanned while the link still worked, sent after it was revoked or expired: refused, and kept for the host.
            await checkIn.RecordClosedDoorAsync(screening, closed, request, ct);
            NoStore();
            return StatusCode(403, new { error = l["This door link was revoked or has expired: the scan was not admitted."].Value, outcome = Outcomes.DoorClosed });
        }

        return denied ?? Json(await checkIn.ScanAsync(screening!, actor!, request, ct));
    }

    [Audience(Audience.Door)]
    [HttpPost("/api/checkin/manual")]
    public async Task<IActionResult> Manual(CancellationToken ct)
    {
        var (request, unreadable) = await ReadAsync<ManualRequest>(ct);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (request?.Tickets is not { Count: > 0 })
        {
            return Error(400, l["Send JSON like {\"screening\": \"...\", \"tickets\": [\"...\"]}."]);
        }

        var (screening, actor, denied) = await CallerAsync(request.Screening, ct);
        return denied ?? Json(new { results = await checkIn.ManualAsync(screening!, actor!, request.Tickets, request.Door, ct) });
    }

    /// <summary>
    /// "Add walk-in": takes the party's seats and admits them at once (decisions/0025), or answers "full" / "closed" with
    /// nobody seated. 200 with the outcome; 400 for a missing or too long name or a party size the screening does not take.
    /// </summary>
    [Audience(Audience.Door)]
    [HttpPost("/api/checkin/walk-in")]
    public async Task<IActionResult> WalkIn(CancellationToken ct)
    {
        var (request, unreadable) = await ReadAsync<WalkInRequest>(ct);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (request is null)
        {
            return Error(400, l["Send JSON like {\"screening\": \"...\", \"name\": \"...\", \"partySize\": 1}."]);
        }

        var name = SingleLineText.Clean(request.Name);
        if (name.Length == 0)
        {
            return Error(400, l["\"name\" is missing: give the walk-in's name."]);
        }

        if (name.Length > Campaign.Domain.Rsvps.Rsvp.NameMaxLength)
        {
            return Error(400, l["\"name\" can be at most {0} characters.", Campaign.Domain.Rsvps.Rsvp.NameMaxLength]);
        }

        if (request.ScanId is { Length: > CheckInScan.ScanIdMaxLength })
        {
            return Error(400, l["\"scanId\" can be at most {0} characters.", CheckInScan.ScanIdMaxLength]);
        }

        var (screening, actor, denied) = await CallerAsync(request.Screening, ct);
        if (denied is not null)
        {
            return denied;
        }

        if (walkIns.PartySizeError(request.PartySize ?? 1, screening!) is { } party)
        {
            return Error(400, party);
        }

        var result = await walkIns.AtDoorAsync(screening!, new DoorWalkIn(
            name, request.PartySize ?? 1, request.ScanId, request.ScannedAt?.UtcDateTime, actor!.UserId, actor.Door?.Id,
            string.IsNullOrWhiteSpace(request.Door) ? actor.Door?.Name : request.Door, request.DecidedOffline), ct);
        NoStore();
        var counts = await checkIn.CountsAsync(screening!.Id, ct);
        return Json(result.Outcome switch
        {
            DoorWalkInOutcome.Admitted => new WalkInResult(Outcomes.WalkInAdmitted,
                l.Plural(result.Tickets.Count, "Welcome, {0}! Walk-in admitted.", "Welcome, {0}! Walk-in party of {1} admitted.", result.Name, result.Tickets.Count),
                result.Name, [.. result.Tickets.Select(t => t.Id)], counts),
            DoorWalkInOutcome.Full => new WalkInResult(Outcomes.Full, l["Full: not enough seats left for this walk-in. Nobody was seated."], result.Name, [], counts),
            _ => new WalkInResult(Outcomes.Closed, result.Reason ?? l["This screening takes no walk-ins now."].Value, result.Name, [], counts),
        });
    }

    [Audience(Audience.Door)]
    [HttpPost("/api/checkin/undo")]
    public async Task<IActionResult> Undo(CancellationToken ct)
    {
        var (request, unreadable) = await ReadAsync<UndoRequest>(ct);
        if (unreadable is not null)
        {
            return unreadable;
        }

        if (request?.Ticket is not { } ticket)
        {
            return Error(400, l["Send JSON like {\"screening\": \"...\", \"ticket\": \"...\"}."]);
        }

        var (screening, actor, denied) = await CallerAsync(request.Screening, ct);
        if (denied is not null)
        {
            return denied;
        }

        var (result, refused) = await checkIn.UndoAsync(screening!, actor!, ticket, ct);
        return refused is not null ? Error(403, refused)
            : result is null ? Error(404, l["No such ticket for this screening."])
            : Json(result);
    }

    [Audience(Audience.Door)]
    [HttpGet("/api/checkin/{slug}/counts")]
    public async Task<IActionResult> Counts(string slug, CancellationToken ct)
    {
        var (screening, _, denied) = await CallerAsync(slug, ct);
        NoStore();
        return denied ?? Json(await checkIn.CountsAsync(screening!.Id, ct));
    }

    [Audience(Audience.Door)]
    [HttpGet("/api/checkin/{slug}/guests")]
    public async Task<IActionResult> Guests(string slug, string? q, CancellationToken ct)
    {
        if (q is { Length: > 100 })
        {
            return Error(400, l["Search for at most 100 characters."]);
        }

        var (screening, _, denied) = await CallerAsync(slug, ct);
        NoStore();
        return denied ?? Json(new { parties = await checkIn.SearchAsync(screening!, q, ct) });
    }

    /// <summary>Public keys (JWK, ES256) for scanners that verify codes offline; nothing secret.</summary>
    [Audience(Audience.Door)]
    [HttpGet("/api/checkin/{slug}/keys")]
    public async Task<IActionResult> Keys(string slug, CancellationToken ct)
    {
        var (screening, _, denied) = await CallerAsync(slug, ct);
        if (denied is not null)
        {
            return denied;
        }

        var list = await keys.PublicKeysAsync(screening!.Id, ct);
        return Json(new { screening = screening.Id, keys = list.Select(DoorKey.Of) });
    }

    /// <summary>
    /// The check-in package (<see cref="DoorPackage"/>): keys, revoked nonces, revision, when the door closes. No names.
    /// </summary>
    [Audience(Audience.Door)]
    [HttpGet("/api/checkin/{slug}/package")]
    public async Task<IActionResult> Package(string slug, CancellationToken ct)
    {
        var (screening, actor, denied) = await CallerAsync(slug, ct);
        NoStore();
        return denied ?? Json(await checkIn.PackageAsync(screening!, actor!, DoorAccess.DoorLinkExpiry(screening!), ct));
    }

    private async Task<(Screening? Screening, DoorActor? Actor, IActionResult? Denied)> CallerAsync(string? slug, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slug) || slug.Length > 200)
        {
            return (null, null, Error(400, l["\"screening\" is missing: send the screening's slug."]));
        }

        var screening = await access.DoorScreeningAsync(slug, ct);
        var token = Request.Headers[ScreeningAccess.DoorHeader].ToString();
        if (screening is null)
        {
            // Nobody learns which screenings exist without being someone first.
            return User.Identity?.IsAuthenticated == true || await access.OpenDoorAsync(token, ct) is not null
                ? (null, null, Error(404, l["No such screening."]))
                : (null, null, Error(401, l["Sign in, or open the scanner from a door link."]));
        }

        var actor = await access.DoorActorAsync(screening, User, token, ct);
        if (actor is not null)
        {
            return (screening, actor, null);
        }

        if (User.Identity?.IsAuthenticated == true || await access.OpenDoorAsync(token, ct) is not null)
        {
            return (screening, null, Error(403, l["You are not a host, co-host or door helper of this screening."]));
        }

        return (screening, null, Error(401, l["Sign in, or open the scanner from a door link."]));
    }

    /// <summary>Reads a JSON body ourselves, so a wrong type or broken JSON gets a JSON reason (not MVC's empty 415/400).</summary>
    private async Task<(T? Body, ObjectResult? Error)> ReadAsync<T>(CancellationToken ct)
        where T : class
    {
        if (Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Error(415, l["Send the request as application/json."]));
        }

        // The body's size was held before authentication, whatever its framing (CheckInBodyLimitMiddleware).
        try
        {
            return (await Request.ReadFromJsonAsync<T>(ct), null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, Error(400, l["The body is not valid JSON."]));
        }
    }

    private ObjectResult Error(int status, string message)
    {
        NoStore();
        return StatusCode(status, new { error = message });
    }

    private void NoStore() => Response.Headers.CacheControl = "no-store";
}
