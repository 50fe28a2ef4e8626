using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Guests;
using Campaign.Web.Features.Invitations;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Screenings;

/// <summary>What an edit did: what changed, how many guests were mailed, and whether the listing went back to staff.</summary>
/// <param name="Changes">What guests care about that changed.</param>
/// <param name="Mailed">Confirmed guests mailed the new time or place.</param>
/// <param name="BackInReview">It was listed and now waits for staff (again).</param>
/// <param name="Pending">It is not listed until staff approve it.</param>
public sealed record EditResult(ScreeningChanges Changes, int Mailed, bool BackInReview, bool Pending);

/// <summary>Who a cancellation reaches.</summary>
public sealed record CancelConsequence(int ConfirmedPeople, int ConfirmedParties, int WaitlistedParties);

/// <summary>A host creating, editing and cancelling a screening; guests hear of changes in the same commit.</summary>
public sealed class ScreeningEditor(
    CampaignDbContext db,
    TimeProvider clock,
    GuestNotices notices,
    InvitationNotices invitees,
    WaitlistPromoter waitlist,
    IStringLocalizer<ScreeningEditor> l)
{
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

    /// <summary>Saves an edit, or fills <paramref name="errors"/> and returns null. The result says what guests and staff were told.</summary>
    public async Task<EditResult?> UpdateAsync(Screening screening, ScreeningForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        if (!CanHost(host, errors))
        {
            return null;
        }

        if (form.Version is { } version && version != screening.Version)
        {
            errors.AddModelError("", l["Someone changed this screening while you were editing. Your changes are below; check them against the current details and save again."]);
            form.Version = screening.Version;
            return null;
        }

        var details = ToDetails(form, errors, screening.SeatsTaken, requireFutureStart: false);
        if (details is null)
        {
            return null;
        }

        var timeChanged = details.StartUtc != screening.StartUtc || details.EndUtc != screening.EndUtc || details.TimeZoneId != screening.TimeZoneId;
        if (timeChanged)
        {
            var check = Screening.Check(details, Now, screening.SeatsTaken, requireFutureStart: true);
            if (check.TryGetValue(nameof(ScreeningDetails.StartUtc), out var message))
            {
                errors.AddModelError(nameof(form.StartLocal), l[message]);
                return null;
            }
        }

        try
        {
            // The edited screening is tracked from before: the transaction saves it, so the tracker is not cleared first.
            var wasInReview = screening.Moderation == ModerationState.Pending || screening.NeedsReview;
            var wasListed = screening.Visibility == ScreeningVisibility.Public && screening.Moderation == ModerationState.Approved;
            return await db.InTransactionAsync(async _ =>
            {
                var before = ScreeningBefore.Of(screening);
                var oldCapacity = screening.Capacity;
                var changes = screening.Update(details, host.IsTrustedHost, Now);
                if (changes.RetiredSlug is { } former)
                {
                    // Links already sent (mails, calendars, shares) keep working: the old slug redirects (FormerSlugRedirect).
                    db.FormerSlugs.Add(FormerSlug.For(screening.Id, former, Now));
                }

                // Guests hear about a new time or place in the same commit as the change itself.
                var mailed = await notices.QueueChangesAsync(screening, changes, before, ct);
                await invitees.QueueChangesAsync(screening, changes, before.StartUtc, before.EndUtc, before.TimeZoneId, ct);
                await db.SaveChangesAsync(ct);
                if (screening.Capacity > oldCapacity)
                {
                    // The new capacity is saved above: the seat ledger's conditional updates check against it.
                    await waitlist.PromoteAsync(screening, ct);
                    await db.SaveChangesAsync(ct);
                }

                var inReview = screening.Visibility == ScreeningVisibility.Public && (screening.Moderation == ModerationState.Pending || screening.NeedsReview);
                return new EditResult(changes, mailed, BackInReview: inReview && !wasInReview && wasListed, screening.Moderation == ModerationState.Pending);
            }, clearTrackerFirst: false, ct);
        }
        catch (DomainException ex)
        {
            errors.AddModelError("", l[ex.Message]);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            errors.AddModelError("", l["Someone changed this screening while you were editing. Reload the page and try again."]);
            return null;
        }
    }

    /// <summary>Cancels; returns an error message, or null and how many people were mailed.</summary>
    public async Task<(string? Error, int Mailed)> CancelAsync(Screening screening, string? reason, CancellationToken ct)
    {
        try
        {
            screening.Cancel(reason, Now);
            // Guests, the waitlist and open invitations learn of it in the same commit as the cancellation.
            var mailed = await notices.QueueCancellationAsync(screening, ct);
            await invitees.QueueCancellationAsync(screening, ct);
            await db.SaveChangesAsync(ct);
            return (null, mailed);
        }
        catch (DomainException ex)
        {
            return (l[ex.Message], 0);
        }
        catch (DbUpdateConcurrencyException)
        {
            return (l["Someone changed this screening at the same moment. Try again."], 0);
        }
    }

    /// <summary>What cancelling would do, for the confirm step: confirmed people and parties, and waitlisted parties.</summary>
    public async Task<CancelConsequence> CancelConsequenceAsync(Screening screening, CancellationToken ct)
    {
        var counts = await db.Rsvps.AsNoTracking()
            .Where(r => r.ScreeningId == screening.Id && (r.Status == Domain.Rsvps.RsvpStatus.Confirmed || r.Status == Domain.Rsvps.RsvpStatus.Waitlisted))
            .GroupBy(r => r.Status)
            .Select(g => new { Status = g.Key, Parties = g.Count(), People = g.Sum(r => r.PartySize) })
            .ToListAsync(ct);
        var confirmed = counts.SingleOrDefault(c => c.Status == Domain.Rsvps.RsvpStatus.Confirmed);
        var waiting = counts.SingleOrDefault(c => c.Status == Domain.Rsvps.RsvpStatus.Waitlisted);
        return new CancelConsequence(confirmed?.People ?? 0, confirmed?.Parties ?? 0, waiting?.Parties ?? 0);
    }

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
        HostedByName = s.HostedByName,
        HostNotice = s.HostNotice,
        ShowSeatsLeft = s.ShowSeatsLeft,
        Discreet = s.IsDiscreet,
        NeutralTitle = s.NeutralTitle,
        Version = s.Version,
    };

    /// <summary>The duplicate form: the original's wall-clock start a week on, as many weeks as it takes to be in the future.</summary>
    public DuplicateForm ToDuplicateForm(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var start = ZoneClock.ToLocal(s.StartUtc, s.TimeZoneId).AddDays(7);
        var today = ZoneClock.ToLocal(Now, s.TimeZoneId);
        while (start <= today)
        {
            start = start.AddDays(7);
        }

        return new DuplicateForm { StartLocal = start, TimeZoneId = s.TimeZoneId };
    }

    /// <summary>
    /// A new screening copied from <paramref name="original"/> at the form's start, owned by the same host; or null with
    /// <paramref name="errors"/> filled beside the fields (nothing stored). Approval follows the rule for a new screening.
    /// </summary>
    public async Task<Screening?> DuplicateAsync(Screening original, DuplicateForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(form);
        var host = await db.Users.SingleAsync(u => u.Id == original.HostId, ct);
        if (!CanHost(host, errors) || !errors.IsValid)
        {
            return null;
        }

        if (!ZoneClock.IsKnownZone(form.TimeZoneId))
        {
            errors.AddModelError(nameof(form.TimeZoneId), l["Choose a time zone from the list."]);
            return null;
        }

        var start = ZoneClock.ToUtc(form.StartLocal!.Value, form.TimeZoneId);
        if (start.Error is not null)
        {
            errors.AddModelError(nameof(form.StartLocal), start.Error);
            return null;
        }

        var details = original.DuplicateDetails(start.Utc!.Value, form.StartLocal.Value, form.TimeZoneId);
        foreach (var (field, message) in Screening.Check(details, Now, seatsTaken: 0, requireFutureStart: true))
        {
            // The start, and what moves with it (end, deadline), is all the form asks; anything else is the original's.
            var key = field is nameof(ScreeningDetails.StartUtc) or nameof(ScreeningDetails.EndUtc) or nameof(ScreeningDetails.RsvpDeadlineUtc)
                ? nameof(form.StartLocal)
                : "";
            errors.AddModelError(key, l[message]);
        }

        if (!errors.IsValid)
        {
            return null;
        }

        try
        {
            var copy = original.Duplicate(details.StartUtc, details.StartLocal, details.TimeZoneId, host.IsTrustedHost, Now);
            db.Screenings.Add(copy);
            await db.SaveChangesAsync(ct);
            return copy;
        }
        catch (DomainException ex)
        {
            errors.AddModelError("", l[ex.Message]);
            return null;
        }
    }

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
            HostedByName = SingleLineText.Clean(form.HostedByName),
            HostNotice = form.HostNotice,
            ShowSeatsLeft = form.ShowSeatsLeft,
            Discreet = form.Discreet,
            NeutralTitle = SingleLineText.Clean(form.NeutralTitle),
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
