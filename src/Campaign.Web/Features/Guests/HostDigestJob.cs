using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Features.Guests;

/// <summary>
/// The host's daily digest (<see cref="HostNotice.DailyDigest"/>, the default): at most one a day per screening, at or
/// after 08:00 in the screening's zone (the host's own zone is not known; a screening's host is usually where it
/// happens), and only when someone answered or cancelled since the last one. It runs until a day after the screening
/// ends, so the last evening's answers are reported too. Each digest is claimed with a conditional UPDATE of
/// <see cref="Screening.DigestThroughUtc"/> inside the transaction that queues its mail: two instances never both send
/// it, and a failure before the commit leaves it to the next run. The claim does not touch Version (the calendar's
/// SEQUENCE) nor conflict with an edit.
/// </summary>
public sealed class HostDigestJob(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeOnly SendAt = new(8, 0);

    /// <summary>Queues every digest that is due; returns how many. Tests drive this with a fake clock.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // Mail text and dates are in the app's one language until hosts can choose theirs.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now.AddDays(-1);
        List<(Guid Id, string Zone, DateTime? Through, DateTime Created)> candidates;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            candidates = [.. (await db.Screenings.AsNoTracking()
                    .Where(s => s.HostNotice == HostNotice.DailyDigest && s.Status == ScreeningStatus.Scheduled && s.EndUtc > since)
                    .Select(s => new { s.Id, s.TimeZoneId, s.DigestThroughUtc, s.CreatedAtUtc })
                    .ToListAsync(ct))
                .Select(s => (s.Id, s.TimeZoneId, s.DigestThroughUtc, s.CreatedAtUtc))];
        }

        var sent = 0;
        foreach (var (id, zone, through, created) in candidates.Where(c => IsDue(c.Zone, c.Through, now)))
        {
            using var scope = scopes.CreateScope();
            if (await SendAsync(scope.ServiceProvider, id, through, through ?? created, now, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>08:00 or later in the zone, and no digest yet on that local day.</summary>
    public static bool IsDue(string zoneId, DateTime? lastUtc, DateTime nowUtc)
    {
        var local = ZoneClock.ToLocal(nowUtc, zoneId);
        return TimeOnly.FromDateTime(local) >= SendAt
            && (lastUtc is not { } last || DateOnly.FromDateTime(ZoneClock.ToLocal(last, zoneId)) < DateOnly.FromDateTime(local));
    }

    private static async Task<bool> SendAsync(IServiceProvider services, Guid screeningId, DateTime? through, DateTime fromUtc, DateTime now, CancellationToken ct)
    {
        var db = services.GetRequiredService<CampaignDbContext>();
        var outbox = services.GetRequiredService<MailOutbox>();
        var mails = services.GetRequiredService<HostMails>();
        return await db.InTransactionAsync(async ct =>
        {
            var rsvps = db.Rsvps.AsNoTracking().Where(r => r.ScreeningId == screeningId);
            var answered = await rsvps.Where(r => r.CreatedAtUtc > fromUtc && r.CreatedAtUtc <= now)
                .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
            var cancelled = await rsvps.Where(r => r.Status == RsvpStatus.Cancelled && r.CreatedAtUtc <= fromUtc && r.UpdatedAtUtc > fromUtc && r.UpdatedAtUtc <= now)
                .OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).ToListAsync(ct);
            if (answered.Count == 0 && cancelled.Count == 0)
            {
                return false;
            }

            // The claim: only the instance whose UPDATE still sees the old value sends today's digest.
            var claimed = await db.Screenings
                .Where(s => s.Id == screeningId && s.HostNotice == HostNotice.DailyDigest && (through == null ? s.DigestThroughUtc == null : s.DigestThroughUtc == through))
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.DigestThroughUtc, now), ct);
            if (claimed != 1)
            {
                return false;
            }

            var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == screeningId, ct);
            var host = await db.Users.Where(u => u.Id == screening.HostId).Select(u => u.Email).SingleOrDefaultAsync(ct);
            if (host is null)
            {
                return false;
            }

            var going = await rsvps.CountAsync(r => r.Status == RsvpStatus.Confirmed, ct);
            var waitlisted = await rsvps.CountAsync(r => r.Status == RsvpStatus.Waitlisted, ct);
            outbox.Add(mails.Digest(screening, host, fromUtc, answered, cancelled, going, waitlisted), MailKinds.HostDigest, screening.Id);
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }
}
