using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>An account stored before the address rule, with an address the sender refuses: it still signs in, and its mail fails alone.</summary>
public sealed class StoredAddressTests
{
    [Fact]
    public async Task An_account_whose_stored_address_the_sender_refuses_still_signs_in_and_its_reset_mail_fails_with_the_reason()
    {
        using var app = new CampaignFactory();
        await Flows.RegisterAsync(app, "ana@example.org");
        await Flows.RegisterAsync(app, "bea@example.org", "Bea");
        // As if stored before the strict rule: MimeKit refuses "ana..old@example.org" when composing.
        const string old = "ana..old@example.org";
        app.WithDb(db => db.Users.Where(u => u.Email == "ana@example.org").ExecuteUpdate(s => s
            .SetProperty(u => u.Email, old).SetProperty(u => u.NormalizedEmail, old.ToUpperInvariant())
            .SetProperty(u => u.UserName, old).SetProperty(u => u.NormalizedUserName, old.ToUpperInvariant())));

        var signedIn = await new WebSession(app).SubmitAsync("/account/login", "/account/login", ("Email", old), ("Password", Flows.Password));
        Assert.Equal("/", signedIn.Location);

        await new WebSession(app).SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", old));
        await new WebSession(app).SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "bea@example.org"));
        app.DeliverMail();

        var refused = app.WithDb(db => db.OutboxMessages.AsNoTracking().Single(m => m.ToAddress == old));
        Assert.Equal(OutboxStatus.Failed, refused.Status);
        Assert.StartsWith("Not sent: the mail server cannot be given this address", refused.LastError, StringComparison.Ordinal);
        Assert.Contains(app.MailsTo("bea@example.org"), m => m.TextBody!.Contains("/account/reset-password", StringComparison.Ordinal));
    }
}
