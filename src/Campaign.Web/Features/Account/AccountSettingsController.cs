using System.Globalization;
using System.Security.Claims;
using System.Text;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Qr;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Account;

/// <summary>A signed-in user's own account: overview, password, authenticator two-factor and recovery codes.</summary>
[Audience(Audience.SignedIn)]
[Authorize]
[Route("account")]
public sealed class AccountSettingsController(
    UserManager<ApplicationUser> users,
    SignInManager<ApplicationUser> signIn,
    IStringLocalizer<AccountController> l) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        return AccountView("Index", new AccountViewModel(
            user.DisplayName,
            user.Email ?? "",
            user.EmailConfirmed,
            user.TwoFactorEnabled,
            User.IsStaffAccount(),
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0));
    }

    [HttpGet("password")]
    public IActionResult ChangePassword() => AccountView("ChangePassword", new ChangePasswordInput());

    [HttpPost("password")]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input)
    {
        if (!ModelState.IsValid)
        {
            return AccountView("ChangePassword", input);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(input.CurrentPassword) : nameof(input.NewPassword),
                    error.Code == "PasswordMismatch" ? l["The current password is not right."] : error.Description);
            }

            return AccountView("ChangePassword", input);
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Notice"] = l["Your password is changed."].Value;
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("two-factor")]
    public async Task<IActionResult> EnableAuthenticator()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        return AccountView("EnableAuthenticator", await AuthenticatorModelAsync(user, new EnableAuthenticatorViewModel()));
    }

    [HttpPost("two-factor")]
    public async Task<IActionResult> EnableAuthenticator(EnableAuthenticatorViewModel input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return AccountView("EnableAuthenticator", await AuthenticatorModelAsync(user, input));
        }

        var code = input.Code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError(nameof(input.Code), l["That code is not right. Check the time on your phone and type the current code."]);
            return AccountView("EnableAuthenticator", await AuthenticatorModelAsync(user, input));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []).ToArray();
        // This session has just proven the second factor: sign in again with it so staff pages open at once.
        await signIn.SignOutAsync();
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return AccountView("RecoveryCodes", recoveryCodes);
    }

    [HttpPost("two-factor/recovery-codes")]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            TempData["Notice"] = l["Turn on two-factor sign-in first."].Value;
            return RedirectToAction(nameof(Index));
        }

        var recoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? []).ToArray();
        return AccountView("RecoveryCodes", recoveryCodes);
    }

    [HttpPost("two-factor/disable")]
    public async Task<IActionResult> DisableTwoFactor()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Notice"] = User.IsStaffAccount()
            ? l["Two-factor sign-in is off. Staff pages stay closed until you turn it on again."].Value
            : l["Two-factor sign-in is off."].Value;
        return RedirectToAction(nameof(Index));
    }

    private async Task<EnableAuthenticatorViewModel> AuthenticatorModelAsync(ApplicationUser user, EnableAuthenticatorViewModel model)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? "";
        }

        var issuer = Uri.EscapeDataString("I Am Jane Doe screenings");
        var account = Uri.EscapeDataString(user.Email ?? user.UserName ?? "");
        var uri = string.Create(CultureInfo.InvariantCulture, $"otpauth://totp/{issuer}:{account}?secret={key}&issuer={issuer}&digits=6");
        model.SharedKey = FormatKey(key);
        model.QrDataUri = QrCodes.PngDataUri(uri);
        return model;
    }

    private static string FormatKey(string key)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            sb.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return sb.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The views live beside AccountController in Features/Account.</summary>
    private ViewResult AccountView(string name, object? model) => View($"~/Features/Account/{name}.cshtml", model);
}
