using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>RSVP without an account: the form on the screening page, the private manage link from the mail, and a plus-one giving up their seat.</summary>
public sealed class RsvpsController(RsvpAnswers answers, RsvpChanges changes, IStringLocalizer<RsvpsController> l) : Controller
{
    public const string FormView = "/Features/Rsvps/_RsvpForm.cshtml";

    [Audience(Audience.Anyone)]
    [HttpPost("/s/{slug}/rsvp")]
    [EnableRateLimiting(RateLimitPolicies.Rsvp)]
    public async Task<IActionResult> Answer(string slug, RsvpForm form, CancellationToken ct)
    {
        var result = await answers.AnswerAsync(slug, form, ModelState, ct);
        switch (result.Outcome)
        {
            case AnswerOutcome.NotFound:
                return NotFound();
            case AnswerOutcome.Accepted when result.OwnManageToken is { } own:
                // A personal invitation answered with its own address: where they stand, at once.
                TempData["Notice"] = l["Thank you. This page is your RSVP: it shows where you stand and your tickets. The same private link is in the mail we send you; keep it to yourself."].Value;
                return Redirect("/rsvp/" + own);
            case AnswerOutcome.Accepted:
                // The same page for every other accepted answer: the mail tells the address owner what happened.
                return Redirect($"/s/{slug}/rsvp/check-email" + (form.Discreet ? "?discreet=true" : ""));
            default:
                Response.StatusCode = result.Outcome == AnswerOutcome.Closed ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
                ViewData["RsvpContext"] = result.Context;
                return View("Answer", form);
        }
    }

    [Audience(Audience.Anyone)]
    [HttpGet("/s/{slug}/rsvp")]
    public IActionResult Answer(string slug) => Redirect($"/s/{slug}#rsvp");

    /// <summary>
    /// The page after every answer but a personal invitation's own: the same for a new address, one that already
    /// answered and a blocked one, so it reveals nothing about anyone's RSVP; it says what happens next.
    /// </summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/s/{slug}/rsvp/check-email")]
    public async Task<IActionResult> CheckEmail(string slug, [FromQuery] bool discreet, CancellationToken ct)
    {
        var screening = await answers.VisibleScreeningAsync(slug, ct);
        ViewData["GuestDiscreet"] = discreet;
        return screening is null ? NotFound() : View("CheckEmail", screening);
    }

    /// <summary>The confirm step before cancelling (works without JavaScript): what cancelling does, then a POST.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/cancel")]
    public async Task<IActionResult> ConfirmCancel(string token, CancellationToken ct)
    {
        var view = await changes.ManageAsync(token, null, ct);
        if (view is null)
        {
            return UnknownLink();
        }

        if (view.Rsvp.Status is not (Campaign.Domain.Rsvps.RsvpStatus.Confirmed or Campaign.Domain.Rsvps.RsvpStatus.Waitlisted)
            || view.Screening.Status != Campaign.Domain.Screenings.ScreeningStatus.Scheduled)
        {
            return Redirect("/rsvp/" + token);
        }

        return View("ConfirmCancel", view);
    }

    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}")]
    public async Task<IActionResult> Manage(string token, CancellationToken ct) => await ManagePageAsync(token, null, ct);

    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/party")]
    public async Task<IActionResult> ChangeParty(string token, PartyForm form, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.ChangePartyAsync(token, form, ModelState, ct), form, ct);

    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/cancel")]
    public async Task<IActionResult> Cancel(string token, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.CancelAsync(token, ct), null, ct);

    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/reconfirm")]
    public async Task<IActionResult> Reconfirm(string token, PartyForm form, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.ReconfirmAsync(token, form, ModelState, ct), form, ct);

    /// <summary>Discreet mode on or off (one button each way, so it works without JavaScript).</summary>
    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/discreet")]
    public async Task<IActionResult> Discreet(string token, [FromForm] bool discreet, CancellationToken ct) =>
        await AfterChangeAsync(token, await changes.DiscreetAsync(token, discreet, ct), null, ct);

    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/not-me")]
    public async Task<IActionResult> NotMe(string token, CancellationToken ct)
    {
        var view = await changes.ManageAsync(token, null, ct);
        return view is null ? UnknownLink() : View("NotMe", view);
    }

    [Audience(Audience.LinkHolder)]
    [HttpPost("/rsvp/{token}/not-me")]
    [ActionName("NotMe")]
    public async Task<IActionResult> NotMeConfirmed(string token, CancellationToken ct)
    {
        // Read before the change: a discreet guest's page after it names nothing either (decisions/0023).
        var discreet = (await changes.ManageAsync(token, null, ct))?.Discreet == true;
        var result = await changes.NotMeAsync(token, ct);
        if (!result.Found)
        {
            return UnknownLink();
        }

        ViewData["Discreet"] = discreet;

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
    [Audience(Audience.LinkHolder)]
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
        // It may be a discreet guest's link (decisions/0023): the page names nothing.
        ViewData["Discreet"] = true;
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
        var form = await answers.NewFormAsync(screening, HttpContext.Request.Query["invite"], ct, HttpContext.Request.Query["answer"]);
        var context = await answers.FormContextAsync(screening, form.Discreet, ct);
        if (context is null)
        {
            return Content("");
        }

        ViewData["RsvpContext"] = context;
        return View(RsvpsController.FormView, form);
    }
}
