using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Staff;

public sealed record QueueItem(string Slug, string Title, string HostName, string HostEmail, string When, string Place, string Visibility, string State, string? Changes, DateTime UpdatedAtUtc);

public sealed record StaffQueueView(IReadOnlyList<QueueItem> Pending, IReadOnlyList<QueueItem> Flagged, IReadOnlyList<AbuseReportRow> AbuseReports);

/// <summary>An open "report abuse" from an invitee; <paramref name="HostReports"/> counts the host's open reports.</summary>
public sealed record AbuseReportRow(Guid Id, string HostName, string HostEmail, bool HostSuspended, int HostReports, string ScreeningSlug, string ScreeningTitle, string ReportedAt);

public sealed record HostRow(string Id, string DisplayName, string Email, bool Trusted, bool Suspended, string? SuspensionReason, int Screenings);

public sealed class StaffService(
    CampaignDbContext db,
    UserManager<ApplicationUser> users,
    MailOutbox outbox,
    PublicLinks links,
    TimeProvider clock,
    IStringLocalizer<StaffService> l)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<StaffQueueView> QueueAsync(CancellationToken ct)
    {
        var rows = await (
            from s in db.Screenings
            join u in db.Users on s.HostId equals u.Id
            where s.Status == ScreeningStatus.Scheduled
                && (s.Moderation == ModerationState.Pending || (s.Moderation == ModerationState.Approved && s.NeedsReview))
            orderby s.UpdatedAtUtc
            select new { s, u.DisplayName, u.Email }).ToListAsync(ct);
        var items = rows.Select(r => new QueueItem(
            r.s.Slug,
            r.s.Title,
            r.DisplayName,
            r.Email ?? "",
            ZoneClock.FormatRange(r.s.StartUtc, r.s.EndUtc, r.s.TimeZoneId, CultureInfo.CurrentCulture),
            r.s.IsOnline ? "Online: " + r.s.OnlineUrl : PlaceText.AddressLine(r.s),
            r.s.Visibility.ToString(),
            r.s.Moderation.ToString(),
            r.s.ChangesSinceReview,
            r.s.UpdatedAtUtc)).ToList();
        return new StaffQueueView(
            [.. items.Where(i => i.State == nameof(ModerationState.Pending))],
            [.. items.Where(i => i.State != nameof(ModerationState.Pending))],
            await AbuseReportsAsync(ct));
    }

    /// <summary>Open reports, oldest first. The reporter's address is not shown: staff judge the host, not the invitee.</summary>
    public async Task<IReadOnlyList<AbuseReportRow>> AbuseReportsAsync(CancellationToken ct)
    {
        var rows = await (
            from a in db.AbuseReports
            where a.ResolvedAtUtc == null
            join s in db.Screenings on a.ScreeningId equals s.Id
            join u in db.Users on a.HostId equals u.Id
            orderby a.CreatedAtUtc
            select new { a.Id, a.HostId, u.DisplayName, u.Email, Suspended = u.SuspendedAtUtc != null, s.Slug, s.Title, a.CreatedAtUtc }).ToListAsync(ct);
        var perHost = rows.GroupBy(r => r.HostId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return [.. rows.Select(r => new AbuseReportRow(
            r.Id,
            r.DisplayName,
            r.Email ?? "",
            r.Suspended,
            perHost[r.HostId],
            r.Slug,
            r.Title,
            r.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))];
    }

    public async Task<string?> ResolveAbuseReportAsync(Guid id, CancellationToken ct)
    {
        var report = await db.AbuseReports.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (report is null)
        {
            return l["No such report."];
        }

        report.Resolve(Now);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<string?> ApproveAsync(string slug, CancellationToken ct)
    {
        var screening = await db.Screenings.SingleOrDefaultAsync(s => s.Slug == slug, ct);
        if (screening is null)
        {
            return l["No such screening."];
        }

        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        var firstApproval = screening.Moderation != ModerationState.Approved;
        try
        {
            screening.Approve(Now);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }

        // A host whose screening was approved is trusted: their next public screenings list at once.
        host.Trust();
        if (firstApproval)
        {
            outbox.Add(new MailTemplate(l["Hello {0},", host.DisplayName])
                .Paragraph(l["Your screening “{0}” is approved and now listed in the public directory.", screening.Title])
                .Button(l["See your screening"], links.Absolute("/s/" + screening.Slug))
                .To(host.Email!, host.DisplayName, l["Your screening is listed: {0}", screening.Title]), MailKinds.Moderation, screening.Id);
        }

        return await SaveAsync(ct) ? null : l["The screening changed while you looked at it. Reload and check again."].Value;
    }

    public Task<string?> RejectAsync(string slug, string reason, CancellationToken ct) =>
        DecideAsync(slug, reason, (s, r) => s.Reject(r, Now), l["not approved"], ct);

    public Task<string?> UnpublishAsync(string slug, string reason, CancellationToken ct) =>
        DecideAsync(slug, reason, (s, r) => s.Unpublish(r, Now), l["taken out of the directory"], ct);

    public async Task<IReadOnlyList<HostRow>> HostsAsync(string? search, CancellationToken ct)
    {
        var query = db.Users.AsQueryable();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = "%" + LikeText.Escape(search.Trim()) + "%";
            query = query.Where(u => EF.Functions.Like(u.Email!, term, LikeText.EscapeCharacter) || EF.Functions.Like(u.DisplayName, term, LikeText.EscapeCharacter));
        }

        return await query.OrderBy(u => u.DisplayName).Take(200)
            .Select(u => new HostRow(u.Id, u.DisplayName, u.Email ?? "", u.IsTrustedHost, u.SuspendedAtUtc != null, u.SuspensionReason,
                db.Screenings.Count(s => s.HostId == u.Id)))
            .ToListAsync(ct);
    }

    public async Task<string?> SuspendAsync(string userId, string reason, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return l["No such account."];
        }

        try
        {
            user.Suspend(reason, Now);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }

        // The mail is queued in the same SaveChanges as the suspension; a new security stamp ends open sessions.
        outbox.Add(new MailTemplate(l["Hello {0},", user.DisplayName])
            .Paragraph(l["The campaign's staff suspended your account. Your screenings are no longer listed and you cannot sign in. The reason given:"])
            .Quote(user.SuspensionReason!)
            .Paragraph(l["If you think this is a mistake, reply to the campaign."])
            .To(user.Email!, user.DisplayName, l["Your account is suspended"]), MailKinds.Moderation);
        await users.UpdateSecurityStampAsync(user);
        return null;
    }

    public async Task<string?> ReinstateAsync(string userId, CancellationToken ct)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return l["No such account."];
        }

        user.Reinstate();
        await users.UpdateAsync(user);
        return null;
    }

    private async Task<string?> DecideAsync(string slug, string reason, Action<Screening, string> decide, string verb, CancellationToken ct)
    {
        var screening = await db.Screenings.SingleOrDefaultAsync(s => s.Slug == slug, ct);
        if (screening is null)
        {
            return l["No such screening."];
        }

        try
        {
            decide(screening, reason);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }

        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        outbox.Add(new MailTemplate(l["Hello {0},", host.DisplayName])
            .Paragraph(l["Your screening “{0}” was {1} by the campaign's staff. The reason given:", screening.Title, verb])
            .Quote(screening.ModerationReason!)
            .Paragraph(l["Guests with the link can no longer open it. You can edit the screening to address this and send it for review again."])
            .Button(l["Edit your screening"], links.Absolute($"/s/{screening.Slug}/edit"))
            .To(host.Email!, host.DisplayName, l["About your screening: {0}", screening.Title]), MailKinds.Moderation, screening.Id);
        return await SaveAsync(ct) ? null : l["The screening changed while you looked at it. Reload and check again."].Value;
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }
}
