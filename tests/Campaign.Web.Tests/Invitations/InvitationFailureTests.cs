using System.Globalization;
using System.Net;
using System.Text.Json;
using Campaign.Domain.Invitations;
using Campaign.Infrastructure.Mail;
using MailKit.Net.Smtp;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>A mail server that refuses one mailbox for good (550) and takes everything else into the pickup folder.</summary>
public sealed class BouncingFactory : CampaignFactory
{
    public const string Refused = "nobody@example.net";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IMailTransport>();
            services.AddSingleton<IMailTransport>(sp => new Bouncing(ActivatorUtilities.CreateInstance<PickupMailTransport>(sp)));
        });
    }

    private sealed class Bouncing(PickupMailTransport inner) : IMailTransport, IMailSession
    {
        public Task<IMailSession> OpenAsync(CancellationToken cancellationToken) => Task.FromResult<IMailSession>(this);

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken) =>
            message.To.Mailboxes.Any(m => m.Address == Refused)
                ? throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, "5.1.1 No such user")
                : inner.SendAsync(message, cancellationToken);

        public Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public sealed class InvitationFailureTests : IDisposable
{
    private readonly BouncingFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_mail_refused_for_good_shows_as_failed_with_the_reason()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", $"{BouncingFactory.Refused}, fine@example.net"), ("Message", ""));

        _app.DeliverMail();

        var page = await host.GetAsync($"/s/{slug}/invite");
        Assert.Contains("1 of 2 sent", page.Text, StringComparison.Ordinal);
        Assert.Contains("failed: 550 5.1.1 No such user", page.Text, StringComparison.Ordinal);
        Assert.Equal(InvitationState.Failed, _app.WithDb(db => db.Invitations.Single(i => i.Email == BouncingFactory.Refused).State));
    }
}
