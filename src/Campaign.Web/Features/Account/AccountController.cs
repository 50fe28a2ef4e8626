using System.Text;
using Campaign.Domain;
using Campaign.Infrastructure.Identity;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Account;

[Route("account")]
public sealed class AccountController(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    AccountMails mails,
    PasswordSignIn passwords,
    KeyedRateLimits limits,
    TimeProvider clock,
    IStringLocalizer<AccountController> l) : Controller
{
    [Audience(Audience.Anyone)]
    [HttpGet("register")]
    public IActionResult Register() => View(new RegisterInput());

    [Audience(Audience.Anyone)]
    [HttpPost("register")]
    [EnableRateLimiting(RateLimitPolicies.Register)]
    public async Task<IActionResult> Register(RegisterInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var email = EmailAddress.Parse(input.Email).Value;
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Same answer as a new registration: the form never reveals who has an account. Hashing the password (and
            // throwing it away) makes this path cost what creating an account does, so the time does not tell either.
            _ = users.PasswordHasher.HashPassword(existing, input.Password);
            await mails.SendAlreadyRegisteredAsync(existing, ct);
            return RedirectToAction(nameof(CheckEmail));
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = SingleLineText.Clean(input.DisplayName),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(input.Password) : "", error.Description);
            }

            return View(input);
        }

        // No sign-in here: a new address and a taken one must look the same, cookies included.
        await mails.SendConfirmationAsync(user, ct);
        return RedirectToAction(nameof(CheckEmail));
    }

    [Audience(Audience.Anyone)]
    [HttpGet("check-email")]
    public IActionResult CheckEmail() => View("Message", new MessageViewModel(
        l["Check your e-mail"],
        l["We sent you a message with a link to confirm your address. Open it to finish setting up your account. It can take a minute to arrive; look in your spam folder too."]));

    /// <summary>Identity's own e-mail confirmation: the one state change on a bare GET (the link in the mail).</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("confirm-email")]
    public async Task<IActionResult> ConfirmEmail(string? userId, string? code)
    {
        var user = userId is null ? null : await users.FindByIdAsync(userId);
        var token = Decode(code);
        if (user is null || token is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Message", new MessageViewModel(l["Link not valid"], l["This confirmation link is incomplete or not valid. Log in and ask for a new one from your account page."]));
        }

        if (user.EmailConfirmed)
        {
            return View("Message", new MessageViewModel(l["Address confirmed"], l["Your address is already confirmed. You can host screenings."]));
        }

        var result = await users.ConfirmEmailAsync(user, token);
        if (!result.Succeeded)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Message", new MessageViewModel(l["Link not valid"], l["This confirmation link has expired or was already replaced by a newer one. Log in and ask for a new one from your account page."]));
        }

        if (User.UserId() == user.Id)
        {
            await signIn.RefreshSignInAsync(user);
        }

        return View("Confirmed");
    }

    [Audience(Audience.SignedIn)]
    [Authorize]
    [HttpPost("resend-confirmation")]
    [EnableRateLimiting(RateLimitPolicies.AccountMail)]
    public async Task<IActionResult> ResendConfirmation(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.EmailConfirmed)
        {
            await mails.SendConfirmationAsync(user, ct);
        }

        TempData["Notice"] = user.EmailConfirmed
            ? l["Your address is already confirmed."].Value
            : l["We sent a new confirmation link to {0}.", user.Email ?? ""].Value;
        return Redirect("/account");
    }

    [Audience(Audience.Anyone)]
    [HttpGet("login")]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [Audience(Audience.Anyone)]
    [HttpPost("login")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> Login(LoginInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Counted per address typed, whether or not it has an account, so the limit reveals nothing either.
        if (limits.TryAcquire(KeyedRateLimits.LoginAccount, users.NormalizeEmail(input.Email) ?? "") is { } wait)
        {
            return await TooManyAsync(wait, ct);
        }

        var (outcome, user) = await passwords.SignInAsync(input, ct);
        switch (outcome)
        {
            case PasswordSignInOutcome.SignedIn:
                return LocalRedirect(SafeReturn(input.ReturnUrl));
            case PasswordSignInOutcome.RequiresTwoFactor:
                return RedirectToAction(nameof(LoginWith2fa), new { returnUrl = input.ReturnUrl, rememberMe = input.RememberMe });
            case PasswordSignInOutcome.Suspended:
                ModelState.AddModelError("", l["This account is suspended by the campaign's staff: {0} Write to the campaign if you think this is a mistake.", user?.SuspensionReason ?? ""]);
                return View(input);
            default:
                // A locked account gets these words too (its owner was mailed when the lock began).
                ModelState.AddModelError("", l["The e-mail address or password is not right. After 5 wrong tries an account is locked for 15 minutes and its owner is mailed a link to choose a new password."]);
                return View(input);
        }
    }

    [Audience(Audience.SigningIn)]
    [HttpGet("login-2fa")]
    public async Task<IActionResult> LoginWith2fa(string? returnUrl, bool rememberMe)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        return View(new TwoFactorInput { ReturnUrl = returnUrl, RememberMe = rememberMe });
    }

    [Audience(Audience.SigningIn)]
    [HttpPost("login-2fa")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> LoginWith2fa(TwoFactorInput input, CancellationToken ct)
    {
        // Nobody halfway through a log-in: nothing to validate here, the log-in starts again.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Per account, shared with recovery codes, so a code cannot be guessed from many addresses or by switching steps.
        if (limits.TryAcquire(KeyedRateLimits.TwoFactor, user.Id) is { } wait)
        {
            return await TooManyAsync(wait, ct);
        }

        var code = input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, input.RememberMe, input.RememberMachine);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturn(input.ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            ModelState.AddModelError("", l["Too many failed attempts: this account is locked for 15 minutes."]);
            return View(input);
        }

        if (result.IsNotAllowed && user.IsSuspended)
        {
            ModelState.AddModelError("", l["This account is suspended by the campaign's staff."]);
            return View(input);
        }

        ModelState.AddModelError(nameof(input.Code), l["That code is not right. Codes change every 30 seconds; type the current one."]);
        return View(input);
    }

    [Audience(Audience.SigningIn)]
    [HttpGet("login-recovery")]
    public async Task<IActionResult> LoginWithRecoveryCode(string? returnUrl)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        return View(new RecoveryCodeInput { ReturnUrl = returnUrl });
    }

    [Audience(Audience.SigningIn)]
    [HttpPost("login-recovery")]
    [EnableRateLimiting(RateLimitPolicies.Login)]
    public async Task<IActionResult> LoginWithRecoveryCode(RecoveryCodeInput input, CancellationToken ct)
    {
        // Nobody halfway through a log-in: nothing to validate here, the log-in starts again.
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        if (limits.TryAcquire(KeyedRateLimits.TwoFactor, user.Id) is { } wait)
        {
            return await TooManyAsync(wait, ct);
        }

        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturn(input.ReturnUrl));
        }

        ModelState.AddModelError(nameof(input.RecoveryCode), result.IsLockedOut
            ? l["Too many failed attempts: this account is locked for 15 minutes."]
            : l["That recovery code is not right or was already used."]);
        return View(input);
    }

    [Audience(Audience.Anyone)]
    [HttpPost("logout")]
    public async Task<IActionResult> Logout()
    {
        await signIn.SignOutAsync();
        return Redirect("/");
    }

    [Audience(Audience.Anyone)]
    [HttpGet("forgot-password")]
    public IActionResult ForgotPassword() => View(new EmailInput());

    [Audience(Audience.Anyone)]
    [HttpPost("forgot-password")]
    [EnableRateLimiting(RateLimitPolicies.AccountMail)]
    public async Task<IActionResult> ForgotPassword(EmailInput input, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.FindByEmailAsync(input.Email);
        if (user is not null)
        {
            await mails.SendPasswordResetAsync(user, ct);
        }

        // Same answer whether or not the address has an account.
        return View("Message", new MessageViewModel(
            l["Check your e-mail"],
            l["If an account uses {0}, we sent it a link to choose a new password. The link works for a few hours.", input.Email]));
    }

    /// <summary>The link in the mail opens a form; the password changes only when it is submitted.</summary>
    [Audience(Audience.LinkHolder)]
    [HttpGet("reset-password")]
    public IActionResult ResetPassword(string? userId, string? code)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(code))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Message", new MessageViewModel(l["Link not valid"], l["This reset link is incomplete. Ask for a new one."]));
        }

        return View(new ResetPasswordInput { UserId = userId, Code = code });
    }

    [Audience(Audience.LinkHolder)]
    [HttpPost("reset-password")]
    public async Task<IActionResult> ResetPassword(ResetPasswordInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.FindByIdAsync(input.UserId);
        var token = Decode(input.Code);
        if (user is null || token is null)
        {
            ModelState.AddModelError("", l["This reset link has expired or is not valid. Ask for a new one."]);
            return View(input);
        }

        var result = await users.ResetPasswordAsync(user, token, input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? nameof(input.Password) : "",
                    error.Code == "InvalidToken" ? l["This reset link has expired or was already used. Ask for a new one."] : error.Description);
            }

            return View(input);
        }

        // A reset ends any lockout, so the owner can sign in at once.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        TempData["Notice"] = l["Your password is changed. Log in with the new one."].Value;
        return RedirectToAction(nameof(Login));
    }

    [Audience(Audience.Anyone)]
    [HttpGet("access-denied")]
    public IActionResult AccessDenied() => View(User.IsStaffAccount() && !User.IsStaff());

    /// <summary>The same 429 as the attribute policies: Retry-After, and the error page (or JSON when asked for).</summary>
    private async Task<IActionResult> TooManyAsync(TimeSpan wait, CancellationToken ct)
    {
        await RateLimitPolicies.RefuseAsync(HttpContext, wait, ct);
        return new EmptyResult();
    }

    private string SafeReturn(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";

    internal static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    internal static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
}
