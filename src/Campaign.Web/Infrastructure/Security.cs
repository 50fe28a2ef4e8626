using System.Security.Claims;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

internal static class Policies
{
    public const string ConfirmedHost = nameof(ConfirmedHost);
    public const string Staff = nameof(Staff);
    public const string MailViewer = nameof(MailViewer);
}

internal static class CampaignClaims
{
    public const string Staff = "campaign:staff";
    public const string EmailConfirmed = "campaign:email_confirmed";
    public const string DisplayName = "campaign:name";

    public static bool IsStaffAccount(this ClaimsPrincipal user) => user.HasClaim(Staff, "true");

    /// <summary>Staff rights need an account on the staff list that signed in with two factors.</summary>
    public static bool IsStaff(this ClaimsPrincipal user) => user.IsStaffAccount() && user.HasClaim("amr", "mfa");

    public static string? UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier);
}

/// <summary>Adds the campaign's claims: confirmed address, staff (address on Campaign:StaffEmails, once confirmed).</summary>
internal sealed class CampaignClaimsFactory(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> identityOptions,
    IOptions<CampaignOptions> campaign)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, identityOptions)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CampaignClaims.DisplayName, user.DisplayName));
        if (user.EmailConfirmed)
        {
            identity.AddClaim(new Claim(CampaignClaims.EmailConfirmed, "true"));
            if (campaign.Value.IsStaffEmail(user.Email))
            {
                identity.AddClaim(new Claim(CampaignClaims.Staff, "true"));
            }
        }

        return identity;
    }
}

/// <summary>Refuses sign-in to suspended accounts (existing sessions end at the next security stamp check).</summary>
internal sealed class CampaignSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return !user.IsSuspended && await base.CanSignInAsync(user);
    }

    /// <summary>A device remembered after a two-factor sign-in counts as two factors (Identity would mark it "pwd").</summary>
    protected override async Task<SignInResult> SignInOrTwoFactorAsync(ApplicationUser user, bool isPersistent, string? loginProvider = null, bool bypassTwoFactor = false)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!bypassTwoFactor && loginProvider is null && await IsTwoFactorEnabledAsync(user) && await IsTwoFactorClientRememberedAsync(user))
        {
            await SignInWithClaimsAsync(user, isPersistent, [new Claim("amr", "mfa")]);
            return SignInResult.Success;
        }

        return await base.SignInOrTwoFactorAsync(user, isPersistent, loginProvider, bypassTwoFactor);
    }
}

/// <summary>Passwords of 12 to 128 characters, no composition rules (NIST SP 800-63B).</summary>
internal sealed class MaxLengthPasswordValidator : IPasswordValidator<ApplicationUser>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password) =>
        Task.FromResult(password is { Length: > MaxLength }
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords can be at most {MaxLength} characters." })
            : IdentityResult.Success);
}

internal sealed class MailViewerRequirement : IAuthorizationRequirement;

/// <summary>The pickup mail page: staff anywhere, anyone in Development (so a new user sees what the app sent).</summary>
internal sealed class MailViewerHandler(IHostEnvironment environment) : AuthorizationHandler<MailViewerRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MailViewerRequirement requirement)
    {
        if (environment.IsDevelopment() || context.User.IsStaff())
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
