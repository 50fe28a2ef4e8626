using System.ComponentModel.DataAnnotations;
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
public sealed class StaffController(StaffService staff, IStringLocalizer<StaffController> l) : Controller
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

    private string FirstError() => ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).FirstOrDefault() ?? l["Check the form."];

    private RedirectResult Done(string? error, string success, string back = "/staff")
    {
        TempData["Notice"] = error ?? success;
        return Redirect(back);
    }
}
