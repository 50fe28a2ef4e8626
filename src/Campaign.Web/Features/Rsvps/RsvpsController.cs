using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>RSVP without an account: the form on the screening page, the private manage link from the mail, and a plus-one giving up their seat.</summary>
public sealed class RsvpsController(RsvpAnswers answers, RsvpChanges changes, IStringLocalizer<RsvpsController> l) : Controller
{
    public const string FormView = "/Features/Rsvps/_RsvpForm.cshtml";

    [HttpPost("/s/{slug}/rsvp")]
    [EnableRateLimiting(RateLimitPolicies.Rsvp)]
    public async Task<IActionResult> Answer(string slug, RsvpForm form, CancellationToken ct)
    {
        var result = await answers.AnswerAsync(slug, form, ModelState, ct);
        switch (result.Outcome)
        {
            case AnswerOutcome.NotFound:
                return NotFound();
            case AnswerOutcome.Accepted:
                // The same page for every accepted answer: the mail tells the address owner what happened.
                return Redirect($"/s/{slug}/rsvp/check-email");
            default:
                Response.StatusCode = result.Outcome == AnswerOutcome.Closed ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
                ViewData["RsvpContext"] = result.Context;
                return View("Answer", form);
        }
    }

    [HttpGet("/s/{slug}/rsvp")]
    public IActionResult Answer(string slug) => Redirect($"/s/{slug}#rsvp");

    [HttpGet("/s/{slug}/rsvp/check-email")]
    public IActionResult CheckEmail(string slug) => View("Message", new RsvpMessageView(
        l["Check your e-mail"],
        l["Thank you. We sent a message to the address you gave: it confirms your answer and holds your private link to change or cancel it. If nothing arrives within a few minutes, look in your spam folder."],
        "/s/" + slug));

    [HttpGet("/rsvp/{token}")]
    public async Task<IActionResult> Manage(string token, CancellationToken ct) => await ManagePageAsync(token, null, ct);

    [HttpPost("/rsvp/{token}/party")]
    public async Task<IActionResult> ChangeParty(string token, PartyForm form, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.ChangePartyAsync(token, form, ModelState, ct), form, ct);

    [HttpPost("/rsvp/{token}/cancel")]
    public async Task<IActionResult> Cancel(string token, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.CancelAsync(token, ct), null, ct);

    [HttpPost("/rsvp/{token}/reconfirm")]
    public async Task<IActionResult> Reconfirm(string token, PartyForm form, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.ReconfirmAsync(token, form, ModelState, ct), form, ct);

    [HttpGet("/rsvp/{token}/not-me")]
    public async Task<IActionResult> NotMe(string token, CancellationToken ct)
    {
        var view = await changes.ManageAsync(token, null, ct);
        return view is null ? UnknownLink() : View("NotMe", view);
    }

    [HttpPost("/rsvp/{token}/not-me")]
    [ActionName("NotMe")]
    public async Task<IActionResult> NotMeConfirmed(string token, CancellationToken ct)
    {
        var result = await changes.NotMeAsync(token, ct);
        if (!result.Found)
        {
            return UnknownLink();
        }

        return View("Message", new RsvpMessageView(l["Thank you"], result.Error ?? result.Notice!));
    }

    private async Task<IActionResult> AfterChangeAsync(string token, ManageResult result, PartyForm? form, CancellationToken ct)
    {
        if (!result.Found)
        {
            return UnknownLink();
        }

        if (result.Error is not null)
        {
            ModelState.AddModelError("", result.Error);
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ManagePageAsync(token, form, ct);
        }

        TempData["Notice"] = result.Notice;
        return Redirect("/rsvp/" + token);
    }

    /// <summary>A plus-one gives up the seat on their own ticket (the form is on the ticket page).</summary>
    [HttpPost("/t/{code}/release")]
    public async Task<IActionResult> Release(string code, CancellationToken ct)
    {
        var error = await changes.ReleaseTicketAsync(code, ct);
        if (error is null)
        {
            TempData["Notice"] = l["You gave up your seat. Thank you: it goes to someone on the waitlist. This ticket no longer works."].Value;
        }
        else
        {
            TempData["Notice"] = error;
        }

        return Redirect("/t/" + Uri.EscapeDataString(code));
    }

    private async Task<IActionResult> ManagePageAsync(string token, PartyForm? form, CancellationToken ct)
    {
        var view = await changes.ManageAsync(token, form, ct);
        return view is null ? UnknownLink() : View("Manage", view);
    }

    private ViewResult UnknownLink()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("Message", new RsvpMessageView(
            l["Link not valid"],
            l["This RSVP link is not valid. It may be incomplete: copy the whole link from your confirmation mail. Nothing was changed."]));
    }
}

/// <summary>The RSVP form on the screening page (<c>/s/{slug}</c>, and <c>?invite=</c> links).</summary>
public sealed class RsvpFormViewComponent(RsvpAnswers answers) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Campaign.Domain.Screenings.Screening screening)
    {
        var ct = HttpContext.RequestAborted;
        var context = await answers.FormContextAsync(screening, ct);
        if (context is null)
        {
            return Content("");
        }

        ViewData["RsvpContext"] = context;
        return View(RsvpsController.FormView, await answers.NewFormAsync(screening, HttpContext.Request.Query["invite"], ct, HttpContext.Request.Query["answer"]));
    }
}
