using System.Text.Json;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Invitations;

public sealed class InvitationsController(InvitationService invitations, ScreeningAccess access, IAntiforgery antiforgery, IStringLocalizer<InvitationsController> l) : Controller
{
    // ---- The host's side: /s/{slug}/invite ----

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/invite")]
    public async Task<IActionResult> Index(string slug, CancellationToken ct)
    {
        // Host and co-hosts; null for everyone else (the page answers 404).
        var screening = (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true))?.Screening;
        if (screening is null)
        {
            return NotFound();
        }

        // After a send (post/redirect/get): what was sent and refused, and the unreadable entries back in the box.
        var summary = TempData[OutcomeKey] is string json ? JsonSerializer.Deserialize<InviteSummary>(json) : null;
        var form = summary?.Retry is { } retry ? new InviteForm { Addresses = retry, Message = summary.Message } : new InviteForm();
        return Page(await invitations.PageAsync(screening, summary, ct), form);
    }

    private const string OutcomeKey = "InviteOutcome";

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/invite")]
    [EnableRateLimiting(RateLimitPolicies.Invite)]
    public async Task<IActionResult> Index(string slug, InviteForm form, CancellationToken ct)
    {
        // Host and co-hosts; null for everyone else (the page answers 404).
        var screening = (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true))?.Screening;
        if (screening is null)
        {
            return NotFound();
        }

        var outcome = await invitations.InviteAsync(screening, form, ModelState, ct);
        if (outcome is null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page(await invitations.PageAsync(screening, null, ct), form);
        }

        // Post/redirect/get: reloading the page that follows sends nothing again.
        TempData[OutcomeKey] = JsonSerializer.Serialize(InviteSummary.Of(outcome, form.Message));
        Response.Headers.Location = $"/s/{screening.Slug}/invite#invite-outcome";
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/invitations")]
    public async Task<IActionResult> List(string slug, CancellationToken ct) =>
        await access.FindAsync(slug, User, ScreeningRight.Manage, ct) is null
            ? NotFound()
            : Redirect($"/s/{Uri.EscapeDataString(slug)}/invite#invitations");

    /// <summary>Polled by wwwroot/js/invitations.js while mail is queued.</summary>
    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpGet("/s/{slug}/invitations/status")]
    public async Task<IActionResult> Status(string slug, CancellationToken ct)
    {
        // Host and co-hosts; null for everyone else (the page answers 404).
        var screening = (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true))?.Screening;
        if (screening is null)
        {
            return NotFound();
        }

        var (counts, rows) = await invitations.ListAsync(screening, ct);
        Response.Headers.CacheControl = "no-store";
        return Json(new
        {
            counts.Total,
            counts.Queued,
            counts.Sent,
            counts.Failed,
            counts.Accepted,
            counts.Declined,
            counts.Delivered,
            Summary = l["{0} of {1} sent", counts.Delivered, counts.Total].Value,
            Invitations = rows.Select(r => new { r.Id, State = r.State.ToString(), r.StateText, r.FailureReason, r.SentAt }),
        });
    }

    [Audience(Audience.ScreeningManagers)]
    [Authorize]
    [HttpPost("/s/{slug}/invitations/{id:guid}/resend")]
    [EnableRateLimiting(RateLimitPolicies.Invite)]
    public async Task<IActionResult> Resend(string slug, Guid id, CancellationToken ct)
    {
        // Host and co-hosts; null for everyone else (the page answers 404).
        var screening = (await access.FindAsync(slug, User, ScreeningRight.Manage, ct, tracked: true))?.Screening;
        if (screening is null)
        {
            return NotFound();
        }

        TempData["Notice"] = await invitations.ResendAsync(screening, id, ct) ?? l["The invitation is sent again."].Value;
        return Redirect($"/s/{screening.Slug}/invite#invitations");
    }

    private ViewResult Page(InvitePageView page, InviteForm form)
    {
        ViewData["Invite"] = page;
        return View("Index", form);
    }

    // ---- The invitee's side: /i/{token}, report, unsubscribe ----

    /// <summary>
    /// The personal link in the mail: the screening page with the RSVP form filled in from the invitation (name, address,
    /// and with <c>?answer=yes|no</c> from the mail's "Going" / "Can't go" the answer too). Opening it records nothing:
    /// mail scanners open links; only sending the form answers.
    /// </summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/i/{token}")]
    public async Task<IActionResult> Open(string token, [FromQuery] string? answer, CancellationToken ct)
    {
        var found = await invitations.FindByTokenAsync(token, ct);
        if (found is null)
        {
            return LinkNotFound();
        }

        var (invitation, screening) = found.Value;
        // Opened = a person's browser asked for the page: a HEAD (link checkers) or a prefetch is not counted.
        if (HttpMethods.IsGet(Request.Method) && !IsPrefetch(Request))
        {
            await invitations.RecordOpenedAsync(invitation, ct);
        }

        var preset = answer switch
        {
            "yes" => "&answer=yes",
            "no" => "&answer=no",
            _ => "",
        };
        // No #rsvp: on a phone the page opens at its heading with the RSVP button in the first screen (issue 14).
        return Redirect($"/s/{screening.Slug}?invite={Uri.EscapeDataString(invitation.Token)}{preset}");
    }

    [Audience(Audience.LinkHolder)]
    [HttpGet("/i/{token}/report")]
    public async Task<IActionResult> Report(string token, CancellationToken ct)
    {
        var found = await invitations.FindByTokenAsync(token, ct);
        if (found is null)
        {
            return LinkNotFound();
        }

        var (invitation, screening) = found.Value;

        return View("Report", await invitations.InviteeAsync(invitation, screening, ct));
    }

    [Audience(Audience.LinkHolder)]
    [HttpPost("/i/{token}/report")]
    [EnableRateLimiting(RateLimitPolicies.Rsvp)]
    public async Task<IActionResult> ReportPost(string token, CancellationToken ct)
    {
        var found = await invitations.FindByTokenAsync(token, ct);
        if (found is null)
        {
            return LinkNotFound();
        }

        var (invitation, screening) = found.Value;

        await invitations.ReportAsync(invitation, screening, ct);
        return View("Reported", await invitations.InviteeAsync(invitation, screening, ct));
    }

    /// <summary>Shows a button; nothing changes on GET (link scanners and previews open links).</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/unsubscribe/{token}")]
    public async Task<IActionResult> Unsubscribe(string token, CancellationToken ct)
    {
        var found = await invitations.FindByTokenAsync(token, ct);
        if (found is null)
        {
            return LinkNotFound();
        }

        var (invitation, screening) = found.Value;

        return View("Unsubscribe", await invitations.InviteeAsync(invitation, screening, ct));
    }

    /// <summary>
    /// RFC 8058 one-click unsubscribe: a mail client posts <c>List-Unsubscribe=One-Click</c> with no cookie and no
    /// antiforgery token, so the global antiforgery filter is off here. The button on the page posts without that field
    /// and its antiforgery token is checked by hand.
    /// </summary>
    [Audience(Audience.LinkHolder)]
    [HttpPost("/unsubscribe/{token}")]
    [IgnoreAntiforgeryToken]
    public async Task<IActionResult> UnsubscribePost(string token, CancellationToken ct)
    {
        var found = await invitations.FindByTokenAsync(token, ct);
        if (found is null)
        {
            return LinkNotFound();
        }

        var (invitation, screening) = found.Value;

        var oneClick = Request.HasFormContentType
            && string.Equals((await Request.ReadFormAsync(ct))["List-Unsubscribe"], "One-Click", StringComparison.Ordinal);
        if (!oneClick && !await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return BadRequest();
        }

        await invitations.UnsubscribeAsync(invitation, ct);
        return View("Unsubscribed", await invitations.InviteeAsync(invitation, screening, ct));
    }

    private static bool IsPrefetch(HttpRequest request) =>
        request.Headers["Sec-Purpose"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase)
        || request.Headers["Purpose"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase)
        || request.Headers["X-Moz"].ToString().Contains("prefetch", StringComparison.OrdinalIgnoreCase);

    private ViewResult LinkNotFound()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        // It may be a discreet invitee's link (decisions/0023): the page names nothing.
        ViewData["Discreet"] = true;
        return View("LinkNotFound");
    }
}
