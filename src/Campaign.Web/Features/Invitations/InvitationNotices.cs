using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Invitations;

/// <summary>
/// What open invitations (sent or queued, not answered: <see cref="Invitation.IsOpen"/>) hear when the host changes
/// the time or place or cancels: queued in the caller's unit of work, saved with the change. Addresses with an RSVP for
/// this screening hear from Features/Guests instead; unsubscribed and blocked addresses hear nothing.
/// </summary>
public sealed class InvitationNotices(CampaignDbContext db, MailOutbox outbox, InvitationMails mails)
{
    public async Task<int> QueueChangesAsync(Screening screening, ScreeningChanges changes, DateTime oldStartUtc, DateTime oldEndUtc, string oldZoneId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(changes);
        if (!changes.TimeChanged && !changes.PlaceChanged)
        {
            return 0;
        }

        var (open, hosts) = await OpenAsync(screening, ct);
        foreach (var invitation in open)
        {
            outbox.Add(mails.Changed(invitation, screening, changes, oldStartUtc, oldEndUtc, oldZoneId, hosts[invitation.InvitedByUserId]),
                MailKinds.InvitationChanged, screening.Id, invitation.Id, mails.UnsubscribeUrl(invitation));
        }

        return open.Count;
    }

    public async Task<int> QueueCancellationAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var (open, _) = await OpenAsync(screening, ct);
        foreach (var invitation in open)
        {
            outbox.Add(mails.Cancelled(invitation, screening), MailKinds.ScreeningCancelled, screening.Id, invitation.Id);
        }

        return open.Count;
    }

    private async Task<(List<Invitation> Open, Dictionary<string, string> Hosts)> OpenAsync(Screening screening, CancellationToken ct)
    {
        var open = await db.Invitations
            .Where(i => i.ScreeningId == screening.Id)
            .Where(Invitation.Open)
            .Where(i => !db.Rsvps.Any(r => r.ScreeningId == screening.Id && r.EmailKey == i.EmailKey))
            .Where(i => !db.MailSuppressions.Any(m => m.EmailKey == i.EmailKey))
            .Where(i => !db.ScreeningMailBlocks.Any(b => b.ScreeningId == screening.Id && b.EmailKey == i.EmailKey))
            .OrderBy(i => i.CreatedAtUtc).ThenBy(i => i.EmailKey)
            .ToListAsync(ct);
        var ids = open.Select(i => i.InvitedByUserId).Distinct().ToList();
        var hosts = await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return (open, hosts);
    }
}
