using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Guests;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Screenings;

public sealed class ScreeningService(
    CampaignDbContext db,
    TimeProvider clock,
    PublicLinks links,
    GuestNotices notices,
    WaitlistPromoter waitlist,
    IStringLocalizer<ScreeningService> l)
{
    public const int PageSize = 20;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Creates a screening, or fills <paramref name="errors"/> and returns null (nothing stored).</summary>
    public async Task<Screening?> CreateAsync(string hostId, ScreeningForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        var host = await db.Users.SingleAsync(u => u.Id == hostId, ct);
        if (!CanHost(host, errors))
        {
            return null;
        }

        var details = ToDetails(form, errors, seatsTaken: 0, requireFutureStart: true);
        if (details is null)
        {
            return null;
        }

        try
        {
            var screening = Screening.Create(hostId, details, host.IsTrustedHost, Now);
            db.Screenings.Add(screening);
            await db.SaveChangesAsync(ct);
            return screening;
        }
        catch (DomainException ex)
        {
            errors.AddModelError("", l[ex.Message]);
            return null;
        }
    }

    public async Task<bool> UpdateAsync(Screening screening, ScreeningForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        if (!CanHost(host, errors))
        {
            return false;
        }

        if (form.Version is { } version && version != screening.Version)
        {
            errors.AddModelError("", l["Someone changed this screening while you were editing. Your changes are below; check them against the current details and save again."]);
            form.Version = screening.Version;
            return false;
        }

        var details = ToDetails(form, errors, screening.SeatsTaken, requireFutureStart: false);
        if (details is null)
        {
            return false;
        }

        var timeChanged = details.StartUtc != screening.StartUtc || details.EndUtc != screening.EndUtc || details.TimeZoneId != screening.TimeZoneId;
        if (timeChanged)
        {
            var check = Screening.Check(details, Now, screening.SeatsTaken, requireFutureStart: true);
            if (check.TryGetValue(nameof(ScreeningDetails.StartUtc), out var message))
            {
                errors.AddModelError(nameof(form.StartLocal), l[message]);
                return false;
            }
        }

        try
        {
            // The edited screening is tracked from before: the transaction saves it, so the tracker is not cleared first.
            await db.InTransactionAsync(async _ =>
            {
                var before = ScreeningBefore.Of(screening);
                var oldCapacity = screening.Capacity;
                var changes = screening.Update(details, host.IsTrustedHost, Now);
                // Guests hear about a new time or place in the same commit as the change itself.
                await notices.QueueChangesAsync(screening, changes, before, ct);
                await db.SaveChangesAsync(ct);
                if (screening.Capacity > oldCapacity)
                {
                    // The new capacity is saved above: the seat ledger's conditional updates check against it.
                    await waitlist.PromoteAsync(screening, ct);
                    await db.SaveChangesAsync(ct);
                }
            }, clearTrackerFirst: false, ct);
            return true;
        }
        catch (DomainException ex)
        {
            errors.AddModelError("", l[ex.Message]);
            return false;
        }
        catch (DbUpdateConcurrencyException)
        {
            errors.AddModelError("", l["Someone changed this screening while you were editing. Reload the page and try again."]);
            return false;
        }
    }

    public async Task<string?> CancelAsync(Screening screening, string? reason, CancellationToken ct)
    {
        try
        {
            screening.Cancel(reason, Now);
            // Guests, the waitlist and open invitations learn of it in the same commit as the cancellation.
            await notices.QueueCancellationAsync(screening, ct);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }
        catch (DbUpdateConcurrencyException)
        {
            return l["Someone changed this screening at the same moment. Try again."];
        }
    }

    public Task<Screening?> FindAsync(string slug, CancellationToken ct) =>
        db.Screenings.SingleOrDefaultAsync(s => s.Slug == slug, ct);

    public Task<bool> IsHostSuspendedAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return HostSuspended(db, screening.HostId, ct);
    }

    // Compiled once: asked on every RSVP and screening page.
    private static readonly Func<CampaignDbContext, string, CancellationToken, Task<bool>> HostSuspended =
        EF.CompileAsyncQuery((CampaignDbContext db, string hostId, CancellationToken ct) => db.Users.Any(u => u.Id == hostId && u.SuspendedAtUtc != null));

    public ScreeningForm ToForm(Screening s) => new()
    {
        Title = s.Title,
        Description = s.Description,
        StartLocal = ZoneClock.ToLocal(s.StartUtc, s.TimeZoneId),
        EndLocal = ZoneClock.ToLocal(s.EndUtc, s.TimeZoneId),
        TimeZoneId = s.TimeZoneId,
        IsOnline = s.IsOnline,
        VenueName = s.VenueName,
        StreetAddress = s.StreetAddress,
        City = s.City,
        Region = s.Region,
        PostalCode = s.PostalCode,
        CountryCode = s.CountryCode,
        OnlineUrl = s.OnlineUrl,
        Capacity = s.Capacity,
        RsvpDeadlineLocal = s.RsvpDeadlineUtc is { } d ? ZoneClock.ToLocal(d, s.TimeZoneId) : null,
        MaxPlusOnes = s.MaxPlusOnes,
        AccessibilityNotes = s.AccessibilityNotes,
        ContentNote = s.ContentNote,
        Visibility = s.Visibility,
        Version = s.Version,
    };

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
        var query = db.Screenings.Where(s =>
            s.Visibility == ScreeningVisibility.Public
            && s.Moderation == ModerationState.Approved
            && s.Status == ScreeningStatus.Scheduled
            && s.StartUtc > now
            && !db.Users.Any(u => u.Id == s.HostId && u.SuspendedAtUtc != null));

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

    public ScreeningSummary Summary(Screening s, string? status) => new(
        s.Slug,
        s.Title,
        ZoneClock.Format(s.StartUtc, s.TimeZoneId, CultureInfo.CurrentCulture),
        PublicPlace(s),
        s.IsOnline,
        s.SeatsLeft,
        status);

    /// <summary>City, region and country only: the street address and online link are never public.</summary>
    public string PublicPlace(Screening s) => s.IsOnline ? l["Online"] : PlaceText.Public(s);

    private bool CanHost(ApplicationUser host, ModelStateDictionary errors)
    {
        if (host.IsSuspended)
        {
            errors.AddModelError("", l["This account is suspended by the campaign's staff and cannot host screenings."]);
            return false;
        }

        if (!host.EmailConfirmed)
        {
            errors.AddModelError("", l["Confirm your e-mail address first: open the link we sent you, or ask for a new one on your account page."]);
            return false;
        }

        return true;
    }

    private ScreeningDetails? ToDetails(ScreeningForm form, ModelStateDictionary errors, int seatsTaken, bool requireFutureStart)
    {
        if (!errors.IsValid)
        {
            return null;
        }

        if (!ZoneClock.IsKnownZone(form.TimeZoneId))
        {
            errors.AddModelError(nameof(form.TimeZoneId), l["Choose a time zone from the list."]);
            return null;
        }

        if (!form.IsOnline && !string.IsNullOrWhiteSpace(form.CountryCode) && !Countries.All.ContainsKey(form.CountryCode.ToUpperInvariant()))
        {
            errors.AddModelError(nameof(form.CountryCode), l["Choose a country from the list."]);
            return null;
        }

        var start = ZoneClock.ToUtc(form.StartLocal!.Value, form.TimeZoneId);
        var end = ZoneClock.ToUtc(form.EndLocal!.Value, form.TimeZoneId);
        var deadline = form.RsvpDeadlineLocal is { } d ? ZoneClock.ToUtc(d, form.TimeZoneId) : null;
        if (start.Error is not null)
        {
            errors.AddModelError(nameof(form.StartLocal), start.Error);
        }

        if (end.Error is not null)
        {
            errors.AddModelError(nameof(form.EndLocal), end.Error);
        }

        if (deadline?.Error is not null)
        {
            errors.AddModelError(nameof(form.RsvpDeadlineLocal), deadline.Error);
        }

        if (!errors.IsValid)
        {
            return null;
        }

        var details = new ScreeningDetails
        {
            Title = SingleLineText.Clean(form.Title),
            Description = form.Description,
            StartUtc = start.Utc!.Value,
            StartLocal = form.StartLocal.Value,
            EndUtc = end.Utc!.Value,
            TimeZoneId = form.TimeZoneId,
            Place = form.IsOnline
                ? ScreeningPlace.Online(form.OnlineUrl?.Trim() ?? "")
                : new ScreeningPlace
                {
                    VenueName = SingleLineText.Clean(form.VenueName),
                    StreetAddress = SingleLineText.Clean(form.StreetAddress),
                    City = SingleLineText.Clean(form.City),
                    Region = SingleLineText.Clean(form.Region),
                    PostalCode = SingleLineText.Clean(form.PostalCode),
                    CountryCode = form.CountryCode?.Trim().ToUpperInvariant(),
                },
            Capacity = form.Capacity!.Value,
            RsvpDeadlineUtc = deadline?.Utc,
            MaxPlusOnes = form.MaxPlusOnes,
            AccessibilityNotes = form.AccessibilityNotes,
            ContentNote = form.ContentNote,
            Visibility = form.Visibility,
        };

        foreach (var (field, message) in Screening.Check(details, Now, seatsTaken, requireFutureStart))
        {
            var key = field switch
            {
                nameof(ScreeningDetails.StartUtc) => nameof(form.StartLocal),
                nameof(ScreeningDetails.EndUtc) => nameof(form.EndLocal),
                nameof(ScreeningDetails.RsvpDeadlineUtc) => nameof(form.RsvpDeadlineLocal),
                _ => field,
            };
            errors.AddModelError(key, l[message]);
        }

        return errors.IsValid ? details : null;
    }
}
