using System.Security.Cryptography;
using System.Text;
using Campaign.Domain;
using Campaign.Domain.Calendar;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Calendar;
using Campaign.Infrastructure.Data;
using Campaign.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Calendar;

/// <summary>The addresses of a secret feed: https to show and copy, webcal to open a calendar app.</summary>
public sealed record FeedLinks(string HttpsUrl, string WebcalUrl);

/// <summary>
/// Calendar files and feeds: one screening (public detail), the public directory, and the secret per-user and
/// per-guest feeds under /feeds/{token}.ics. An unknown or replaced token is simply not found.
/// </summary>
public sealed class CalendarFeeds(
    CampaignDbContext db,
    CalendarEntries entries,
    ScreeningAccess access,
    PublicLinks links,
    TimeProvider clock,
    IStringLocalizer<CalendarFeeds> l)
{
    /// <summary>Largest number of screenings in one feed.</summary>
    public const int MaxEntries = 5000;

    /// <summary>Private feeds keep past screenings this long, so they stay in calendars as a record.</summary>
    public static readonly TimeSpan KeepPast = TimeSpan.FromDays(30);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The public .ics of one screening, or null when the page itself would not be shown.</summary>
    public async Task<string?> ScreeningFileAsync(string slug, bool discreet, CancellationToken ct)
    {
        var screening = await db.Screenings.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == slug, ct);
        if (screening is null || screening.IsHiddenFromGuests(await access.IsHostSuspendedAsync(screening, ct)))
        {
            return null;
        }

        return entries.File(entries.Public(screening, discreet));
    }

    /// <summary>The guest's own entry (full place when confirmed) for the manage page's download, or null for an unknown token.</summary>
    public async Task<(string Text, string Slug)?> GuestFileAsync(string manageToken, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(manageToken))
        {
            return null;
        }

        var rsvp = await db.Rsvps.AsNoTracking().SingleOrDefaultAsync(r => r.ManageToken == manageToken, ct);
        if (rsvp is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == rsvp.ScreeningId, ct);
        return (entries.File(entries.Guest(screening, rsvp)), screening.Slug);
    }

    /// <summary>Approved public screenings that have not ended, optionally in one region and/or country; public detail only.</summary>
    public async Task<string> PublicFeedAsync(string? region, string? country, CancellationToken ct)
    {
        var now = Now;
        var query = db.Screenings.AsNoTracking().Where(Screening.InPublicFeedAt(now)).OfActiveHosts(db);
        if (!string.IsNullOrWhiteSpace(region))
        {
            var pattern = LikeText.Escape(region.Trim());
            query = query.Where(s => s.Region != null && EF.Functions.Like(s.Region, pattern, LikeText.EscapeCharacter));
        }

        if (!string.IsNullOrWhiteSpace(country))
        {
            var code = country.Trim().ToUpperInvariant();
            query = query.Where(s => s.CountryCode == code);
        }

        var found = await query.OrderBy(s => s.StartUtc).ThenBy(s => s.Id).Take(MaxEntries).ToListAsync(ct);
        return entries.Feed(found.Select(s => entries.Public(s)), l["Screenings"]);
    }

    /// <summary>A secret feed's text, or null when the token is unknown or was replaced.</summary>
    public async Task<string?> SecretFeedAsync(string token, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var feed = await db.CalendarFeeds.AsNoTracking().SingleOrDefaultAsync(f => f.Token == token, ct);
        // The index found the row; comparing again in constant time costs nothing and keeps the check explicit.
        if (feed is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(feed.Token), Encoding.ASCII.GetBytes(token)))
        {
            return null;
        }

        var since = Now - KeepPast;
        var list = new List<IcsEvent>();
        string? emailKey = feed.EmailKey;
        if (feed.UserId is { } userId)
        {
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
            if (user is null)
            {
                return null;
            }

            var hosted = await db.Screenings.AsNoTracking()
                .Where(s => s.HostId == userId && s.EndUtc > since)
                .OrderBy(s => s.StartUtc).Take(MaxEntries).ToListAsync(ct);
            list.AddRange(hosted.Select(s => entries.Private(s, null)));
            // RSVPs are matched by address only once the account proved it owns that address.
            emailKey = user.EmailConfirmed && user.Email is not null ? EmailKey.Of(user.Email) : null;
        }

        if (emailKey is not null)
        {
            var attending = await (
                    from r in db.Rsvps.AsNoTracking()
                    join s in db.Screenings.AsNoTracking() on r.ScreeningId equals s.Id
                    where r.EmailKey == emailKey && r.Status == RsvpStatus.Confirmed && s.EndUtc > since
                    orderby s.StartUtc
                    select new { r, s })
                .Take(MaxEntries).ToListAsync(ct);
            var hostedUids = list.Select(e => e.Uid).ToHashSet(StringComparer.Ordinal);
            list.AddRange(attending.Select(x => entries.Private(x.s, x.r)).Where(e => !hostedUids.Contains(e.Uid)));
        }

        return entries.Feed(list.OrderBy(e => e.StartUtc), l["My screenings"]);
    }

    /// <summary>The signed-in user's feed links, or null when they have none yet.</summary>
    public async Task<FeedLinks?> UserFeedAsync(string userId, CancellationToken ct)
    {
        var token = await db.CalendarFeeds.Where(f => f.UserId == userId).Select(f => f.Token).SingleOrDefaultAsync(ct);
        return token is null ? null : Links(token);
    }

    /// <summary>Creates the user's feed, or gives it a new address (the old one stops working).</summary>
    public async Task<FeedLinks> NewUserFeedAsync(string userId, CancellationToken ct)
    {
        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.UserId == userId, ct);
        return await SaveAsync(feed, () => CalendarFeed.ForUser(userId, SecretTokens.New(), Now), ct);
    }

    /// <summary>The guest feed links for the address of an RSVP, or null when it has none yet.</summary>
    public async Task<FeedLinks?> GuestFeedAsync(Rsvp rsvp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        var token = await db.CalendarFeeds.Where(f => f.EmailKey == rsvp.EmailKey).Select(f => f.Token).SingleOrDefaultAsync(ct);
        return token is null ? null : Links(token);
    }

    /// <summary>Creates or renews the feed of the address behind a manage link; null for an unknown link.</summary>
    public async Task<FeedLinks?> NewGuestFeedAsync(string manageToken, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(manageToken))
        {
            return null;
        }

        var rsvp = await db.Rsvps.AsNoTracking().SingleOrDefaultAsync(r => r.ManageToken == manageToken, ct);
        if (rsvp is null || !rsvp.HasAddress)
        {
            // A walk-in without an address has no address to gather a feed under.
            return null;
        }

        var feed = await db.CalendarFeeds.SingleOrDefaultAsync(f => f.EmailKey == rsvp.EmailKey, ct);
        return await SaveAsync(feed, () => CalendarFeed.ForGuest(rsvp.Email, SecretTokens.New(), Now), ct);
    }

    private async Task<FeedLinks> SaveAsync(CalendarFeed? feed, Func<CalendarFeed> create, CancellationToken ct)
    {
        if (feed is null)
        {
            feed = create();
            db.CalendarFeeds.Add(feed);
        }
        else
        {
            feed.Regenerate(SecretTokens.New(), Now);
        }

        await db.SaveChangesAsync(ct);
        return Links(feed.Token);
    }

    private FeedLinks Links(string token)
    {
        var https = links.Absolute($"/feeds/{token}.ics");
        var webcal = "webcal" + https[https.IndexOf("://", StringComparison.Ordinal)..];
        return new FeedLinks(https, webcal);
    }
}
