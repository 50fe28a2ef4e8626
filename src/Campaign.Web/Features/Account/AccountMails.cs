using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Account;

public sealed class AccountMails(
    UserManager<ApplicationUser> users,
    CampaignDbContext db,
    MailOutbox outbox,
    PublicLinks links,
    TimeProvider clock,
    IOptions<RateLimitsOptions> limits,
    IStringLocalizer<AccountMails> l)
{
    public async Task SendConfirmationAsync(ApplicationUser user, CancellationToken ct)
    {
        var token = AccountController.Encode(await users.GenerateEmailConfirmationTokenAsync(user));
        var url = links.Absolute($"/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={token}");
        var mail = new MailTemplate(l["Hello {0},", user.DisplayName])
            .Paragraph(l["Thank you for joining the I Am Jane Doe screening campaign. Confirm your e-mail address to start hosting screenings:"])
            .Button(l["Confirm my address"], url)
            .Paragraph(l["If you did not create this account, ignore this message; nothing happens without the link."])
            .To(user.Email!, user.DisplayName, l["Confirm your e-mail address"]);
        await QueueAsync(mail, ct);
    }

    public async Task SendAlreadyRegisteredAsync(ApplicationUser user, CancellationToken ct)
    {
        var mail = new MailTemplate(l["Hello {0},", user.DisplayName])
            .Paragraph(l["Someone tried to create an account with this address, which already has one. If it was you, log in, or choose a new password if you forgot it:"])
            .Button(l["Choose a new password"], links.Absolute("/account/forgot-password"))
            .Paragraph(l["If it was not you, you can ignore this message: your account is unchanged."])
            .To(user.Email!, user.DisplayName, l["You already have an account"]);
        await QueueAsync(mail, ct);
    }

    public async Task SendPasswordResetAsync(ApplicationUser user, CancellationToken ct)
    {
        var mail = new MailTemplate(l["Hello {0},", user.DisplayName])
            .Paragraph(l["Someone asked to choose a new password for your account. The link opens a form; nothing changes until you submit it:"])
            .Button(l["Choose a new password"], await ResetUrlAsync(user))
            .Paragraph(l["If it was not you, ignore this message: your password stays the same."])
            .To(user.Email!, user.DisplayName, l["Choose a new password"]);
        await QueueAsync(mail, ct);
    }

    /// <summary>Sent once, when a lockout starts: the login page says no more than it does for a wrong password.</summary>
    public async Task SendLockedOutAsync(ApplicationUser user, CancellationToken ct)
    {
        var mail = new MailTemplate(l["Hello {0},", user.DisplayName])
            .Paragraph(l["Someone typed a wrong password for your account several times, so it is locked for 15 minutes. If it was you and you forgot the password, choose a new one; the link also ends the lock:"])
            .Button(l["Choose a new password"], await ResetUrlAsync(user))
            .Paragraph(l["If it was not you, your account is safe: nobody signed in. You can ignore this message."])
            .To(user.Email!, user.DisplayName, l["Your account is locked for 15 minutes"]);
        await QueueAsync(mail, ct);
    }

    private async Task<string> ResetUrlAsync(ApplicationUser user)
    {
        var token = AccountController.Encode(await users.GeneratePasswordResetTokenAsync(user));
        return links.Absolute($"/account/reset-password?userId={Uri.EscapeDataString(user.Id)}&code={token}");
    }

    /// <summary>
    /// Identity has saved the account already; the mail is queued in its own SaveChanges right after. At most
    /// RateLimits:AccountMailPerAddress mails of this kind go to one address per window, whoever asks: past that
    /// nothing is queued, and the caller answers with the same words (the outbox is the count, so every instance sees it).
    /// </summary>
    private async Task QueueAsync(OutgoingMail mail, CancellationToken ct)
    {
        var rule = limits.Value.AccountMailPerAddress;
        var since = clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(rule.WindowSeconds);
        var address = mail.ToAddress.Trim();
        var recent = await db.OutboxMessages.CountAsync(m => m.Kind == MailKinds.Account && m.ToAddress == address && m.CreatedAtUtc > since, ct);
        if (recent >= rule.PermitLimit)
        {
            return;
        }

        outbox.Add(mail, MailKinds.Account);
        await db.SaveChangesAsync(ct);
    }
}
