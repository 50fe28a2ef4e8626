using Campaign.Domain.Screenings;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Home;

public sealed class HomeController(
    IOptions<CampaignOptions> options,
    IOptions<RateLimitsOptions> rateLimits,
    IOptions<MailOptions> mail,
    IOptionsMonitor<CookieAuthenticationOptions> cookies,
    PublicLinks links,
    CampaignDbContext db,
    IStringLocalizer<HomeController> l) : Controller
{
    [Audience(Audience.Anyone)]
    [HttpGet("/")]
    public IActionResult Index() => View(new HomeViewModel(options.Value.Film));

    [Audience(Audience.Anyone)]
    [HttpGet("/privacy")]
    public IActionResult Privacy()
    {
        // Every number and address the page states comes from the running configuration, so the page cannot drift from
        // what the app does (PrivacyPageTests).
        var from = MimeKit.MailboxAddress.TryParse(mail.Value.From, out var sender) ? sender.Domain : "";
        return View(new PrivacyViewModel(
            options.Value.ReminderHoursBefore,
            rateLimits.Value.Rsvp,
            rateLimits.Value.AccountMailPerAddress,
            (int)Math.Round(cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan.TotalDays),
            from,
            new Uri(links.BaseUrl).Host,
            new Uri(options.Value.QuickExitUrl).Host));
    }

    /// <summary>
    /// The help page behind the neutral "If you need support" link of discreet mails and pages (decisions/0023): the
    /// support resources; from a guest's, an invitee's or a discreet screening's own link also that screening's
    /// content note. The page itself is neutral in its tab title and preview; its text names the help services.
    /// </summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/help")]
    public IActionResult Help() => HelpView(null);

    [Audience(Audience.LinkHolder)]
    [HttpGet("/rsvp/{token}/help")]
    public Task<IActionResult> RsvpHelp(string token, CancellationToken ct) =>
        HelpForAsync(SecretTokens.LooksValid(token), db.Rsvps.Where(r => r.ManageToken == token).Select(r => r.ScreeningId), ct);

    [Audience(Audience.LinkHolder)]
    [HttpGet("/i/{token}/help")]
    public Task<IActionResult> InvitationHelp(string token, CancellationToken ct) =>
        HelpForAsync(SecretTokens.LooksValid(token), db.Invitations.Where(i => i.Token == token).Select(i => i.ScreeningId), ct);

    /// <summary>A discreet screening's help page (its slug is random characters, so the link names nothing).</summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/s/{slug}/help")]
    public async Task<IActionResult> ScreeningHelp(string slug, CancellationToken ct)
    {
        var screening = await db.Screenings.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, ct);
        return HelpView(screening is { IsDiscreet: true } ? await ContentNoteAsync(screening.Id, ct) : null);
    }

    // An unknown link is not found, like every other page behind a secret link (the general page is /help).
    private async Task<IActionResult> HelpForAsync(bool valid, IQueryable<Guid> screeningId, CancellationToken ct)
    {
        var id = valid ? await screeningId.Select(s => (Guid?)s).SingleOrDefaultAsync(ct) : null;
        return id is { } found ? HelpView(await ContentNoteAsync(found, ct)) : NotFound();
    }

    private async Task<string?> ContentNoteAsync(Guid screeningId, CancellationToken ct)
    {
        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
        return screening.IsHiddenFromGuests(await db.IsHostSuspendedAsync(screening, ct)) ? null : screening.ContentNote;
    }

    private ViewResult HelpView(string? contentNote)
    {
        Response.Headers.CacheControl = "no-store";
        return View("Help", new HelpViewModel([.. options.Value.SupportResources], contentNote));
    }

    [Audience(Audience.Pipeline)]
    [HttpGet("/error")]
    [HttpGet("/error/{code:int}")]
    [HttpPost("/error")]
    [HttpPost("/error/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Error()
    {
        // The status is the one the pipeline set before re-executing here, never one the client sent in the path, the
        // query or a form field: visited directly, this page does not exist.
        var status = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalStatusCode
            ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is not null ? StatusCodes.Status500InternalServerError : StatusCodes.Status404NotFound);
        Response.StatusCode = status;
        var reason = HttpContext.Items[BadInputMiddleware.ReasonKey] as string;
        var model = status switch
        {
            404 => new ErrorViewModel(l["Not found"], l["There is nothing at this address. The link may be mistyped, or the screening may have been removed."]),
            403 => new ErrorViewModel(l["Not allowed"], l["You do not have access to this page."]),
            400 => new ErrorViewModel(l["Bad request"], reason ?? l["The request could not be understood. Go back and try again."]),
            413 => new ErrorViewModel(l["Too large"], reason ?? l["The request is too large."]),
            429 => new ErrorViewModel(l["Too many requests"], l["You sent too many requests in a short time. Please wait a moment and try again."]),
            _ => new ErrorViewModel(l["Something went wrong"], l["Sorry, we could not complete that. Please check in a moment whether your change was kept before trying again."]),
        };
        // A dead link may be a discreet guest's (their data deleted, a mistyped ticket link): the page names nothing.
        ViewData["Discreet"] = true;
        return View("Error", model);
    }
}

public sealed record HomeViewModel(FilmOptions Film);

/// <summary>The configured values the privacy page states.</summary>
public sealed record PrivacyViewModel(
    int ReminderHoursBefore,
    RateLimitRule RsvpLimit,
    RateLimitRule AccountMailPerAddress,
    int SignInDays,
    string SenderDomain,
    string LinkHost,
    string QuickExitHost);

/// <summary>The help page: support resources, and the content note of the screening the link came from.</summary>
public sealed record HelpViewModel(IReadOnlyList<SupportResource> SupportResources, string? ContentNote);

public sealed record ErrorViewModel(string Title, string Message);
