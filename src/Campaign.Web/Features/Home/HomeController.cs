using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Home;

public sealed class HomeController(
    IOptions<CampaignOptions> options,
    IOptions<RateLimitsOptions> rateLimits,
    IOptions<MailOptions> mail,
    IOptionsMonitor<CookieAuthenticationOptions> cookies,
    PublicLinks links,
    IStringLocalizer<HomeController> l) : Controller
{
    [Audience(Audience.Anyone)]
    [HttpGet("/")]
    public IActionResult Index() => View(new HomeViewModel(options.Value.Film));

    /// <summary>Support resources on a page of their own: the footer's link, and where a neutral mail link can point.</summary>
    [Audience(Audience.Anyone)]
    [HttpGet("/help")]
    public IActionResult Help() => View();

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

public sealed record ErrorViewModel(string Title, string Message);
