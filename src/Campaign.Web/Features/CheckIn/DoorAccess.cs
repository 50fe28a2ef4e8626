using System.Security.Claims;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.CheckIn;

/// <summary>Who may scan at the door: an account (host, co-host, staff) or a door link of that one screening.</summary>
public sealed record DoorActor(ScreeningRole Role, string? UserId, DoorLink? Door)
{
    /// <summary>The rate-limit and audit key: per account or per door link, never per IP (door phones share one).</summary>
    public string Key => Door is not null ? "door:" + Door.Id : "user:" + UserId;

    /// <summary>Door helpers see names only; hosts see more on the guest list, not here.</summary>
    public bool IsDoorHelper => Role == ScreeningRole.DoorHelper;
}

/// <summary>
/// The door side of <see cref="ScreeningAccess"/>: the screening and caller of a door request, from <see cref="DoorCache"/>
/// (a few seconds old at most on this instance), and door links that still open their scanner.
/// </summary>
public sealed class DoorAccess(CampaignDbContext db, ScreeningAccess access, DoorCache cache, TimeProvider clock)
{
    /// <summary>
    /// The screening a door request names, from <see cref="DoorCache"/> (up to a few seconds old on this instance): read it
    /// for who may scan, never for whether a ticket is admitted.
    /// </summary>
    public Task<Screening?> DoorScreeningAsync(string slug, CancellationToken ct) =>
        cache.GetAsync("screening", slug, () => db.Screenings.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, ct));

    /// <summary>
    /// The door-side caller: an account with a role, or a valid door link of this screening; null for nobody. Co-host
    /// rights and door links come from <see cref="DoorCache"/>; taking either away forgets them on this instance at once.
    /// </summary>
    public async Task<DoorActor?> DoorActorAsync(Screening screening, ClaimsPrincipal user, string? doorToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(user);
        var role = await RoleAsync(screening, user, ct);
        if (role != ScreeningRole.None)
        {
            return new DoorActor(role, user.UserId(), null);
        }

        var link = SecretTokens.LooksValid(doorToken)
            ? await cache.GetAsync("door", doorToken!, () => db.DoorLinks.AsNoTracking().SingleOrDefaultAsync(d => d.Token == doorToken, ct))
            : null;
        // Expiry is worked out on every request (from the screening's time), so a cached link still closes on time.
        return link is not null && link.ScreeningId == screening.Id && IsOpen(link, screening) ? new DoorActor(ScreeningRole.DoorHelper, null, link) : null;
    }

    /// <summary>A door link that still opens its screening's scanner (not revoked, not past the day after the screening).</summary>
    public async Task<(DoorLink Link, Screening Screening)?> OpenDoorAsync(string? token, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var link = await db.DoorLinks.AsNoTracking().SingleOrDefaultAsync(d => d.Token == token, ct);
        if (link is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == link.ScreeningId, ct);
        return IsOpen(link, screening) ? (link, screening) : null;
    }

    /// <summary>A door link of <paramref name="screening"/> that no longer opens it (revoked or expired); null otherwise.</summary>
    public async Task<DoorLink?> ClosedDoorAsync(Screening screening, string? token, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var link = await db.DoorLinks.AsNoTracking().SingleOrDefaultAsync(d => d.Token == token && d.ScreeningId == screening.Id, ct);
        return link is not null && !IsOpen(link, screening) ? link : null;
    }

    /// <summary>The end of the day after the screening ends, in the screening's own zone.</summary>
    public static DateTime DoorLinkExpiry(Screening screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var localEnd = ZoneClock.ToLocal(screening.EndUtc, screening.TimeZoneId);
        return ZoneClock.ToUtc(localEnd.Date.AddDays(2), screening.TimeZoneId).Utc ?? screening.EndUtc.AddDays(2);
    }

    // Co-host rights come from the cache (forgotten at once on this instance when they change).
    private Task<ScreeningRole> RoleAsync(Screening screening, ClaimsPrincipal user, CancellationToken ct) =>
        ScreeningAccess.RoleAsync(screening, user, async (screeningId, userId) =>
            await cache.GetAsync("cohost", screeningId.ToString("N") + "/" + userId, async () => (bool?)await access.IsCoHostAsync(screeningId, userId, ct)) == true);

    private bool IsOpen(DoorLink link, Screening screening) => link.IsOpen(clock.GetUtcNow().UtcDateTime, DoorLinkExpiry(screening));
}
