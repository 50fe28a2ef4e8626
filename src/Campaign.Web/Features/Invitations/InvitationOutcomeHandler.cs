using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;

namespace Campaign.Web.Features.Invitations;

/// <summary>Keeps an invitation's state in step with its mail: sent, or refused for good (the host sees the reason).</summary>
public sealed class InvitationOutcomeHandler(TimeProvider clock) : IOutboxOutcomeHandler
{
    public async Task OnOutcomeAsync(CampaignDbContext db, OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(message);
        if (message.InvitationId is not { } id || message.Status == OutboxStatus.Pending)
        {
            return;
        }

        var invitation = await db.Invitations.FindAsync([id], ct);
        if (invitation is null)
        {
            return;
        }

        if (message.Status == OutboxStatus.Sent)
        {
            invitation.MarkSent(message.SentAtUtc ?? clock.GetUtcNow().UtcDateTime);
        }
        else
        {
            invitation.MarkFailed(message.LastError ?? "Refused by the mail server.");
        }
    }
}
