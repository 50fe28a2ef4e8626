using System.Security.Claims;
using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Infrastructure;

/// <summary>Who someone is to a screening. Co-hosts have the host's rights except cancelling and managing co-hosts.</summary>
public enum ScreeningRole
{
    None = 0,
    DoorHelper = 1,
    CoHost = 2,
    Staff = 3,
    Host = 4,
}

/// <summary>What a host page needs of its caller.</summary>
public enum ScreeningRight
{
    /// <summary>Host, co-host or staff: may look (guest list, team page, scanner).</summary>
    See,

    /// <summary>Host or co-host: may edit, invite, message guests, manage door links.</summary>
    Manage,

    /// <summary>The host alone: may cancel the screening and manage co-hosts.</summary>
    Own,
}

/// <summary>A screening found for a caller, with the role that let them in.</summary>
public sealed record ScreeningForCaller(Screening Screening, ScreeningRole Role);

/// <summary>
/// The one place that answers "which screening is this, and may this caller use this host page": host, co-host (by
/// confirmed address), staff. Every host page finds its screening here; anyone without the right gets null (a 404, so
/// a page never confirms that a screening has a guest list or a team).
/// </summary>
public sealed class ScreeningAccess(CampaignDbContext db)
{
    /// <summary>The header the scanner page sends when opened from a door link.</summary>
    public const string DoorHeader = "X-Door-Token";

    /// <summary>The screening named by <paramref name="slug"/> when <paramref name="user"/> holds <paramref name="right"/> to it; else null.</summary>
    public async Task<ScreeningForCaller?> FindAsync(string? slug, ClaimsPrincipal user, ScreeningRight right, CancellationToken ct, bool tracked = false)
    {
        if (string.IsNullOrEmpty(slug))
        {
            return null;
        }

        var query = tracked ? db.Screenings : db.Screenings.AsNoTracking();
        var screening = await query.SingleOrDefaultAsync(s => s.Slug == slug, ct);
        if (screening is null)
        {
            return null;
        }

        var role = await RoleAsync(screening, user, ct);
        var allowed = right switch
        {
            ScreeningRight.Own => role == ScreeningRole.Host,
            ScreeningRight.Manage => role is ScreeningRole.Host or ScreeningRole.CoHost,
            _ => role is ScreeningRole.Host or ScreeningRole.CoHost or ScreeningRole.Staff,
        };
        return allowed ? new ScreeningForCaller(screening, role) : null;
    }

    public Task<ScreeningRole> RoleAsync(Screening screening, ClaimsPrincipal user, CancellationToken ct) =>
        RoleAsync(screening, user, (screeningId, userId) => IsCoHostAsync(screeningId, userId, ct));

    /// <summary>The role, asking <paramref name="isCoHost"/> whether the account co-hosts (the door asks a cache).</summary>
    public static async Task<ScreeningRole> RoleAsync(Screening screening, ClaimsPrincipal user, Func<Guid, string, Task<bool>> isCoHost)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(isCoHost);
        if (user.UserId() is not { } id)
        {
            return ScreeningRole.None;
        }

        if (string.Equals(screening.HostId, id, StringComparison.Ordinal))
        {
            return ScreeningRole.Host;
        }

        return await isCoHost(screening.Id, id) ? ScreeningRole.CoHost
            : user.IsStaff() ? ScreeningRole.Staff
            : ScreeningRole.None;
    }

    /// <summary>Host or co-host: may edit, invite, see the guest list, message guests, manage door links.</summary>
    public async Task<bool> CanManageAsync(Screening screening, ClaimsPrincipal user, CancellationToken ct) =>
        await RoleAsync(screening, user, ct) is ScreeningRole.Host or ScreeningRole.CoHost;

    /// <summary>A co-host is an account whose confirmed address the host added to the screening.</summary>
    public async Task<bool> IsCoHostAsync(Guid screeningId, string userId, CancellationToken ct)
    {
        var email = await db.Users.Where(u => u.Id == userId && u.EmailConfirmed).Select(u => u.Email).SingleOrDefaultAsync(ct);
        if (email is null)
        {
            return false;
        }

        var key = EmailKey.Of(email);
        return await db.CoHosts.AnyAsync(c => c.ScreeningId == screeningId && c.EmailKey == key, ct);
    }

    /// <summary>Whether staff suspended the screening's host (guests then cannot see the screening: <see cref="Screening.IsHiddenFromGuests"/>).</summary>
    public Task<bool> IsHostSuspendedAsync(Screening screening, CancellationToken ct) => db.IsHostSuspendedAsync(screening, ct);
}
