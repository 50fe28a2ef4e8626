using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>What answering and changing an RSVP both check: whether answers are taken, a party, and "this wasn't me".</summary>
public sealed class RsvpChecks(CampaignDbContext db, MailOutbox outbox, ScreeningAccess access, IStringLocalizer<RsvpChecks> l)
{
    /// <summary>Why answers are not taken now (<see cref="Screening.TakesAnswers"/>), or null when they are.</summary>
    public string? ClosedReason(Screening screening, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return screening.TakesAnswers(nowUtc)
            ? null
            : screening.Status == ScreeningStatus.Cancelled
                ? l["This screening was cancelled, so it no longer takes RSVPs."].Value
                : l["RSVPs for this screening are closed: the deadline has passed."].Value;
    }

    /// <summary>Every guest mail about a screening respects "this wasn't me" for that address; a walk-in without an address gets none.</summary>
    public async Task QueueAsync(Rsvp rsvp, Screening screening, OutgoingMail mail, string kind, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        if (rsvp.HasAddress && !await IsBlockedAsync(screening.Id, rsvp.EmailKey, ct))
        {
            outbox.Add(mail, kind, screening.Id);
        }
    }

    public Task<bool> IsBlockedAsync(Guid screeningId, string emailKey, CancellationToken ct) =>
        db.IsMailBlockedAsync(screeningId, emailKey, ct);

    /// <summary>Guests cannot see a rejected or unpublished screening, nor one whose host is suspended.</summary>
    public async Task<bool> IsHiddenAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return screening.IsHiddenFromGuests(await access.IsHostSuspendedAsync(screening, ct));
    }

    /// <summary>
    /// A booker's name cleaned like every name (one line, no control characters), with a message beside
    /// <paramref name="field"/> when it is empty (<paramref name="missing"/>) or too long; "" then.
    /// </summary>
    public string CheckName(string? value, string field, string missing, ModelStateDictionary errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var name = SingleLineText.Clean(value);
        if (errors.GetFieldValidationState(field) == ModelValidationState.Invalid)
        {
            return name;
        }

        if (name.Length == 0)
        {
            errors.AddModelError(field, missing);
        }
        else if (name.Length > Rsvp.NameMaxLength)
        {
            errors.AddModelError(field, l["Your name can be at most {0} characters.", Rsvp.NameMaxLength]);
        }

        return name;
    }

    /// <summary>The party size and cleaned guest names, or null with messages beside the fields.</summary>
    public (int Size, List<string> Names)? CheckParty(int size, List<string?>? names, Screening screening, ModelStateDictionary errors)
    {
        var max = 1 + screening.MaxPlusOnes;
        if (errors.GetFieldValidationState(nameof(PartyForm.PartySize)) != ModelValidationState.Invalid && (size < 1 || size > max))
        {
            errors.AddModelError(nameof(PartyForm.PartySize), max == 1
                ? l["This screening takes one person per RSVP."]
                : l.Plural(screening.MaxPlusOnes, "Choose between 1 and {0} people (you and up to {1} guest).", "Choose between 1 and {0} people (you and up to {1} guests).", max, screening.MaxPlusOnes));
        }

        var cleaned = new List<string>();
        for (var i = 0; i < Math.Min(Math.Max(size - 1, 0), names?.Count ?? 0); i++)
        {
            var guest = SingleLineText.Clean(names![i]);
            if (guest.Length > Rsvp.NameMaxLength)
            {
                errors.AddModelError($"{nameof(PartyForm.GuestNames)}[{i}]", l["A name can be at most {0} characters.", Rsvp.NameMaxLength]);
            }

            cleaned.Add(guest);
        }

        return errors.IsValid ? (size, cleaned) : null;
    }
}
