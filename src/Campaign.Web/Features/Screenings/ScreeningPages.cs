using System.Globalization;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Screenings;

/// <summary>What the screening pages show: one screening, the public directory, and a host's own screenings.</summary>
public sealed class ScreeningPages(CampaignDbContext db, TimeProvider clock, PublicLinks links, IStringLocalizer<ScreeningPages> l)
{
    public const int PageSize = 20;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The screening behind a public link (tracked: the caller may go on to change it).</summary>
    public Task<Screening?> FindAsync(string slug, CancellationToken ct) =>
        db.Screenings.SingleOrDefaultAsync(s => s.Slug == slug, ct);

    /// <summary>True when <paramref name="inviteToken"/> is this screening's invitation and the host marked it discreet.</summary>
    public async Task<bool> DiscreetInvitationAsync(Screening screening, string? inviteToken, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return Campaign.Infrastructure.SecretTokens.LooksValid(inviteToken)
            && await db.Invitations.AnyAsync(i => i.Token == inviteToken && i.ScreeningId == screening.Id && i.IsDiscreet, ct);
    }

    public ScreeningPageView Page(Screening s, bool isHost, bool isStaff, bool hostSuspended)
    {
        string? note = null;
        if (isHost || isStaff)
        {
            note = s.Moderation switch
            {
                ModerationState.Pending => l["Waiting for approval by the campaign's staff before it is listed. Guests with the link can already see it."],
                ModerationState.Rejected => l["Not listed: staff did not approve it. Reason: {0}. Edit the screening to send it for review again.", s.ModerationReason ?? ""],
                ModerationState.Unpublished => l["Taken out of the directory by staff. Reason: {0}", s.ModerationReason ?? ""],
                ModerationState.Approved when s.Visibility == ScreeningVisibility.Public => l["Listed in the directory."],
                _ => l["Unlisted: only people with the link can find it."],
            };
        }

        return new ScreeningPageView(
            s,
            ZoneClock.FormatRange(s.StartUtc, s.EndUtc, s.TimeZoneId, CultureInfo.CurrentCulture),
            s.TimeZoneId,
            PublicPlace(s),
            ShowPrivateDetails: isHost || isStaff,
            isHost,
            isStaff,
            hostSuspended,
            links.Absolute("/s/" + s.Slug),
            note);
    }

    public async Task<DirectoryView> DirectoryAsync(DirectoryFilter filter, CancellationToken ct)
    {
        var now = Now;
        var query = db.Screenings.Where(Screening.ListedAt(now)).OfActiveHosts(db);

        if (!string.IsNullOrWhiteSpace(filter.City))
        {
            var city = LikeText.Escape(filter.City.Trim());
            query = query.Where(s => s.City != null && EF.Functions.Like(s.City, city, LikeText.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(filter.Region))
        {
            var region = LikeText.Escape(filter.Region.Trim());
            query = query.Where(s => s.Region != null && EF.Functions.Like(s.Region, region, LikeText.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(filter.Postal))
        {
            var postal = LikeText.Escape(filter.Postal.Trim()) + "%";
            query = query.Where(s => s.PostalCode != null && EF.Functions.Like(s.PostalCode, postal, LikeText.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(filter.Country))
        {
            var country = filter.Country.Trim().ToUpperInvariant();
            query = query.Where(s => s.CountryCode == country);
        }

        // Dates are the screening's own local dates: "on 14 March" means 14 March where it happens.
        if (filter.From is { } from)
        {
            var fromLocal = from.ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.StartLocal >= fromLocal);
        }

        if (filter.To is { } to)
        {
            var toLocal = to.AddDays(1).ToDateTime(TimeOnly.MinValue);
            query = query.Where(s => s.StartLocal < toLocal);
        }

        var total = await query.CountAsync(ct);
        var page = Math.Max(1, filter.Page);
        var items = await query.OrderBy(s => s.StartUtc).ThenBy(s => s.Id)
            .Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        var hasNext = items.Count > PageSize;
        return new DirectoryView(filter, [.. items.Take(PageSize).Select(s => Summary(s, null))], page > 1, hasNext, total);
    }

    public async Task<MyScreeningsView> MineAsync(string userId, CancellationToken ct)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        // Co-hosted screenings too, once the account's address is confirmed (that is what makes someone a co-host).
        var key = user.EmailConfirmed && user.Email is not null ? Campaign.Domain.EmailKey.Of(user.Email) : null;
        var mine = await db.Screenings
            .Where(s => s.HostId == userId || (key != null && db.CoHosts.Any(c => c.ScreeningId == s.Id && c.EmailKey == key)))
            .OrderBy(s => s.StartUtc).ToListAsync(ct);
        var now = Now;
        return new MyScreeningsView(
            [.. mine.Where(s => s.EndUtc > now).Select(s => Summary(s, StatusText(s)))],
            [.. mine.Where(s => s.EndUtc <= now).Reverse().Select(s => Summary(s, StatusText(s)))],
            user.EmailConfirmed);
    }

    public string StatusText(Screening s) => s.Status == ScreeningStatus.Cancelled
        ? l["Cancelled"]
        : s.Moderation switch
        {
            ModerationState.Pending => l["Waiting for approval"],
            ModerationState.Approved => s.NeedsReview ? l["Listed · changes under review"] : l["Listed"],
            ModerationState.Rejected => l["Not approved"],
            ModerationState.Unpublished => l["Unpublished by staff"],
            _ => l["Unlisted"],
        };

    // The directory (no status) shows what guests see: the neutral title of a discreet screening; the host's list, the title.
    public ScreeningSummary Summary(Screening s, string? status) => new(
        s.Slug,
        status is null ? s.TitleFor(false) : s.Title,
        ZoneClock.Format(s.StartUtc, s.TimeZoneId, CultureInfo.CurrentCulture),
        PublicPlace(s),
        s.IsOnline,
        SeatsShown.Of(s),
        status);

    /// <summary>City, region and country only: the street address and online link are never public.</summary>
    public string PublicPlace(Screening s) => PlaceText.Public(s, l["Online"]);
}
