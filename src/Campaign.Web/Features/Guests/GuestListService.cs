using System.Globalization;
using System.Security.Claims;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Guests;

/// <summary>A screening's guest list (RSVPs and invitations) and the host's message to everyone confirmed.</summary>
public sealed class GuestListService(CampaignDbContext db, GuestNotices notices, ScreeningAccess access, Campaign.Web.Features.CheckIn.CheckInService checkIn, IStringLocalizer<GuestListService> l)
{
    /// <summary>Who may write to the guests: the host and co-hosts (staff look, they do not speak for the host).</summary>
    public Task<bool> CanMessageGuestsAsync(Screening screening, ClaimsPrincipal user, CancellationToken ct) =>
        access.CanManageAsync(screening, user, ct);

    public async Task<GuestListView> ListAsync(Screening screening, ClaimsPrincipal user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var rsvps = await db.Rsvps.AsNoTracking().Where(r => r.ScreeningId == screening.Id).ToListAsync(ct);
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.ScreeningId == screening.Id)
            .OrderBy(i => i.CreatedAtUtc).ThenBy(i => i.EmailKey).ToListAsync(ct);
        var problems = await MailProblemsAsync(screening.Id, ct);
        // Seats are counted by conditional updates; read them fresh rather than from a possibly older entity.
        var seatsTaken = await SeatLedger.SeatsTakenAsync(db, screening.Id, ct);

        var confirmed = rsvps.Where(r => r.Status == RsvpStatus.Confirmed).OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Name, StringComparer.CurrentCulture).ToList();
        var waitlisted = rsvps.Where(r => r.Status == RsvpStatus.Waitlisted).OrderBy(r => r.WaitlistedAtUtc).ThenBy(r => r.Id).ToList();
        var declined = rsvps.Where(r => r.Status == RsvpStatus.Declined).OrderBy(r => r.UpdatedAtUtc).ToList();
        var cancelled = rsvps.Where(r => r.Status == RsvpStatus.Cancelled).OrderBy(r => r.UpdatedAtUtc).ToList();

        var counts = new GuestCounts(
            seatsTaken,
            screening.Capacity,
            confirmed.Count,
            confirmed.Sum(r => r.PartySize),
            waitlisted.Sum(r => r.PartySize),
            declined.Count,
            invitations.Count);
        return new GuestListView(
            screening,
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            await CanMessageGuestsAsync(screening, user, ct),
            counts,
            [.. confirmed.Select(r => Row(r, r.CreatedAtUtc, screening, problems))],
            [.. waitlisted.Select(r => Row(r, r.WaitlistedAtUtc ?? r.CreatedAtUtc, screening, problems))],
            [.. declined.Select(r => Row(r, r.UpdatedAtUtc, screening, problems))],
            [.. cancelled.Select(r => Row(r, r.UpdatedAtUtc, screening, problems))],
            [.. invitations.Select(i => new InvitationRow(i.Email, i.State, StateText(i.State)))])
        {
            Conflicts = await checkIn.ConflictsAsync(screening, ct),
        };
    }

    /// <summary>Queues the host's message to every confirmed guest; returns how many were written to.</summary>
    public async Task<int> MessageAsync(Screening screening, string message, CancellationToken ct)
    {
        var count = await notices.QueueHostMessageAsync(screening, message, ct);
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>
    /// Per address, why the newest guest mail about this screening was not delivered (failed for good, or given up after
    /// its retries), so the host can reach that guest another way. A later mail that went through clears it.
    /// </summary>
    public async Task<Dictionary<string, string>> MailProblemsAsync(Guid screeningId, CancellationToken ct)
    {
        var done = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ScreeningId == screeningId && m.InvitationId == null && MailKinds.ToGuests.Contains(m.Kind)
                && (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Failed))
            .Select(m => new { m.ToAddress, m.Status, m.CreatedAtUtc, m.LastError })
            .ToListAsync(ct);
        return done.GroupBy(m => m.ToAddress, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(m => m.CreatedAtUtc).Last())
            .Where(m => m.Status == OutboxStatus.Failed)
            .ToDictionary(m => m.ToAddress, m => l["Mail not delivered: {0}", m.LastError ?? ""].Value, StringComparer.OrdinalIgnoreCase);
    }

    private static GuestRow Row(Rsvp r, DateTime since, Screening s, Dictionary<string, string> problems) =>
        new(r.Name, r.Email, r.PartySize, r.GuestNameList(), ZoneClock.Format(since, s.TimeZoneId, CultureInfo.CurrentCulture), r.HasAddress ? problems.GetValueOrDefault(r.Email) : null, r.IsWalkIn);

    public string StateText(InvitationState state) => state switch
    {
        InvitationState.Queued => l["Waiting to be sent"],
        InvitationState.Sent => l["Sent"],
        InvitationState.Failed => l["Could not be delivered"],
        InvitationState.Accepted => l["Accepted"],
        InvitationState.Declined => l["Declined"],
        _ => state.ToString(),
    };
}
