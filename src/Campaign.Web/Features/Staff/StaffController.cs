using System.ComponentModel.DataAnnotations;
using Campaign.Infrastructure.Tickets;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Staff;

public sealed class ReasonForm
{
    [Required(ErrorMessage = "Give a reason; it is sent to the host.")]
    [StringLength(1000, ErrorMessage = "At most {1} characters.")]
    public string Reason { get; set; } = "";
}

[Audience(Audience.Staff)]
[Authorize(Policy = Policies.Staff)]
[Route("staff")]
public sealed class StaffController(StaffService staff, TicketKeyRevocation ticketKeys, TicketKeys keys, IStringLocalizer<StaffController> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Queue(CancellationToken ct) => View(await staff.QueueAsync(ct));

    [HttpPost("screenings/{slug}/approve")]
    public async Task<IActionResult> Approve(string slug, CancellationToken ct) =>
        Done(await staff.ApproveAsync(slug, ct), l["Approved and listed."]);

    [HttpPost("screenings/{slug}/reject")]
    public async Task<IActionResult> Reject(string slug, ReasonForm form, CancellationToken ct) =>
        ModelState.IsValid ? Done(await staff.RejectAsync(slug, form.Reason, ct), l["Rejected; the host was told why."]) : Done(FirstError(), "");

    [HttpPost("screenings/{slug}/unpublish")]
    public async Task<IActionResult> Unpublish(string slug, ReasonForm form, CancellationToken ct) =>
        ModelState.IsValid ? Done(await staff.UnpublishAsync(slug, form.Reason, ct), l["Unpublished; the host was told why."]) : Done(FirstError(), "");

    [HttpPost("abuse-reports/{id:guid}/resolve")]
    public async Task<IActionResult> ResolveAbuseReport(Guid id, CancellationToken ct) =>
        Done(await staff.ResolveAbuseReportAsync(id, ct), l["Report marked as resolved."]);

    [HttpGet("hosts")]
    public async Task<IActionResult> Hosts(string? q, CancellationToken ct)
    {
        ViewData["Search"] = q;
        return View(await staff.HostsAsync(q, ct));
    }

    [HttpPost("hosts/{id}/suspend")]
    public async Task<IActionResult> Suspend(string id, ReasonForm form, CancellationToken ct) =>
        ModelState.IsValid ? Done(await staff.SuspendAsync(id, form.Reason, ct), l["Suspended."], "/staff/hosts") : Done(FirstError(), "", "/staff/hosts");

    [HttpPost("hosts/{id}/reinstate")]
    public async Task<IActionResult> Reinstate(string id, CancellationToken ct) =>
        Done(await staff.ReinstateAsync(id, ct), l["Reinstated."], "/staff/hosts");

    /// <summary>Ticket signing keys (docs/tickets.md): which one signs, which still verify, how many upcoming tickets each signed.</summary>
    [HttpGet("keys")]
    public async Task<IActionResult> Keys(CancellationToken ct) => View(await ticketKeys.KeysAsync(ct));

    /// <summary>The confirm step before a rotation (works without JavaScript).</summary>
    [HttpGet("keys/rotate")]
    public async Task<IActionResult> ConfirmRotateKeys(CancellationToken ct) => View(await ticketKeys.KeysAsync(ct));

    [HttpPost("keys/rotate")]
    public async Task<IActionResult> RotateKeys(CancellationToken ct)
    {
        var id = await keys.RotateAsync(ct);
        return Done(null, l["Key {0} now signs new tickets here, and on every instance within a minute. Tickets signed before stay valid.", id], "/staff/keys");
    }

    /// <summary>The confirm step before revoking a key: says how many tickets get new codes and that their guests are mailed.</summary>
    [HttpGet("keys/{keyId:int}/revoke")]
    public async Task<IActionResult> ConfirmRevokeKey(int keyId, CancellationToken ct)
    {
        if (await ticketKeys.KeyAsync(keyId, ct) is not { } key)
        {
            return NotFound();
        }

        ViewData["Refused"] = await ticketKeys.RefusalAsync(key, ct);
        return View(key);
    }

    [HttpPost("keys/{keyId:int}/revoke")]
    public async Task<IActionResult> RevokeKey(int keyId, CancellationToken ct) =>
        await ticketKeys.RevokeAsync(keyId, ct) is { } result
            ? Done(result.Done ? null : result.Message, result.Message, "/staff/keys")
            : NotFound();

    private string FirstError() => ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() ?? l["Check the form."];

    private RedirectResult Done(string? error, string success, string back = "/staff")
    {
        TempData["Notice"] = error ?? success;
        return Redirect(back);
    }
}
