using System.Security.Cryptography;
using Campaign.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Features.Account;

public enum PasswordSignInOutcome
{
    SignedIn,
    RequiresTwoFactor,

    /// <summary>Only for someone who typed the right password of a suspended account.</summary>
    Suspended,

    /// <summary>Wrong password, unknown address or a locked account: one answer, one cost, so none can be told apart.</summary>
    Refused,
}

/// <summary>
/// The password step of logging in. Every refusal costs one password hash, whether the address has an account, the
/// password is wrong or the account is locked, so neither the words nor the time tell which (docs/decisions/0015).
/// </summary>
public sealed class PasswordSignIn(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountMails mails)
{
    private static readonly ApplicationUser Nobody = new() { Id = "nobody" };

    // Made once with this app's hasher (same algorithm and iterations), so checking against it costs what a real check does.
    private static string? s_dummyHash;

    public async Task<(PasswordSignInOutcome Outcome, ApplicationUser? User)> SignInAsync(LoginInput input, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(input.Email);
        if (user is null)
        {
            SpendOneCheck(Nobody, null, input.Password);
            return (PasswordSignInOutcome.Refused, null);
        }

        var wasLocked = await users.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, input.Password, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return (PasswordSignInOutcome.SignedIn, user);
        }

        if (result.RequiresTwoFactor)
        {
            return (PasswordSignInOutcome.RequiresTwoFactor, user);
        }

        if (result.IsLockedOut)
        {
            if (wasLocked)
            {
                // Identity refuses a locked account before it checks the password.
                SpendOneCheck(user, user.PasswordHash, input.Password);
            }
            else
            {
                // This wrong password started the lockout: tell the owner once, with a way back in.
                await mails.SendLockedOutAsync(user, ct);
            }

            return (PasswordSignInOutcome.Refused, user);
        }

        // Identity refuses a suspended account before it checks the password: only tell someone who knows it.
        if (result.IsNotAllowed && user.IsSuspended && await users.CheckPasswordAsync(user, input.Password))
        {
            return (PasswordSignInOutcome.Suspended, user);
        }

        return (PasswordSignInOutcome.Refused, user);
    }

    private void SpendOneCheck(ApplicationUser user, string? hash, string password)
    {
        hash ??= s_dummyHash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        users.PasswordHasher.VerifyHashedPassword(user, hash, password);
    }
}
