using System.ComponentModel.DataAnnotations;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Features.Account;

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Tell us your name.")]
    [StringLength(100, ErrorMessage = "Your name can be at most 100 characters.")]
    [Display(Name = "Your name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Give your e-mail address.")]
    [Email(ErrorMessage = "That is not an e-mail address.")]
    [StringLength(254, ErrorMessage = "The address is too long.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(128, MinimumLength = 12, ErrorMessage = "Passwords need 12 to 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password (at least 12 characters)")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password again")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class LoginInput
{
    // A look-up, not a new address: Identity's own check, so accounts made before the strict rule still sign in.
    [Required(ErrorMessage = "Give your e-mail address.")]
    [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
    [StringLength(254)]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Give your password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [Display(Name = "Keep me signed in")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorInput
{
    [Required(ErrorMessage = "Type the 6-digit code from your authenticator app.")]
    [StringLength(10, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
    [Display(Name = "Authenticator code")]
    public string Code { get; set; } = "";

    [Display(Name = "Remember this device")]
    public bool RememberMachine { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class RecoveryCodeInput
{
    [Required(ErrorMessage = "Type one of your recovery codes.")]
    [StringLength(20)]
    [Display(Name = "Recovery code")]
    public string RecoveryCode { get; set; } = "";

    public string? ReturnUrl { get; set; }
}

public sealed class EmailInput
{
    [Required(ErrorMessage = "Give your e-mail address.")]
    [EmailAddress(ErrorMessage = "That is not an e-mail address.")]
    [StringLength(254)]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";
}

public sealed class ResetPasswordInput
{
    [Required]
    public string UserId { get; set; } = "";

    [Required]
    public string Code { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(128, MinimumLength = 12, ErrorMessage = "Passwords need 12 to 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password (at least 12 characters)")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Give your current password.")]
    [StringLength(1024)]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(128, MinimumLength = 12, ErrorMessage = "Passwords need 12 to 128 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password (at least 12 characters)")]
    public string NewPassword { get; set; } = "";

    [Required(ErrorMessage = "Type the password again.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords differ.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password again")]
    public string ConfirmPassword { get; set; } = "";
}

public sealed record AccountViewModel(string DisplayName, string Email, bool EmailConfirmed, bool TwoFactorEnabled, bool IsStaffAccount, int RecoveryCodesLeft);

public sealed class EnableAuthenticatorViewModel
{
    public string SharedKey { get; set; } = "";

    public string QrDataUri { get; set; } = "";

    [Required(ErrorMessage = "Type the 6-digit code from your authenticator app.")]
    [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
    [Display(Name = "Code from the app")]
    public string Code { get; set; } = "";
}

public sealed record MessageViewModel(string Title, string Message);
