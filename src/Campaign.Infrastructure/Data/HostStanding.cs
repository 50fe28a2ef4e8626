using Campaign.Domain.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// Whether a screening's host is suspended, which the Domain cannot see (the account lives here): the lists (directory,
/// public feed) filter with <see cref="OfActiveHosts"/>, a single screening asks <see cref="IsHostSuspendedAsync"/> and
/// passes the answer to <see cref="Screening.IsHiddenFromGuests"/>.
/// </summary>
public static class HostStanding
{
    /// <summary>Only the screenings whose host is not suspended.</summary>
    public static IQueryable<Screening> OfActiveHosts(this IQueryable<Screening> screenings, CampaignDbContext db)
    {
        ArgumentNullException.ThrowIfNull(screenings);
        ArgumentNullException.ThrowIfNull(db);
        return screenings.Where(s => !db.Users.Any(u => u.Id == s.HostId && u.SuspendedAtUtc != null));
    }

    /// <summary>True when staff suspended the screening's host.</summary>
    public static Task<bool> IsHostSuspendedAsync(this CampaignDbContext db, Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(screening);
        return HostSuspended(db, screening.HostId, ct);
    }

    // Compiled once: asked on every RSVP and screening page.
    private static readonly Func<CampaignDbContext, string, CancellationToken, Task<bool>> HostSuspended =
        EF.CompileAsyncQuery((CampaignDbContext db, string hostId, CancellationToken ct) => db.Users.Any(u => u.Id == hostId && u.SuspendedAtUtc != null));
}
