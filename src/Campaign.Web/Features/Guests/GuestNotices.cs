using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Guests;

/// <summary>When and where a screening was before an update, so the change mail can say "was ..., now ...".</summary>
public sealed record ScreeningBefore(DateTime StartUtc, DateTime EndUtc, string TimeZoneId)
{
    public static ScreeningBefore Of(Screening screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return new(screening.StartUtc, screening.EndUtc, screening.TimeZoneId);
    }
}

/// <summary>
/// Mail to a screening's guests about what the host did (a message, a change, a cancellation) and the reminder.
/// Every method only queues outbox rows in the caller's unit of work; the caller saves them with its change.
/// Addresses that said "this wasn't me" for the screening (ScreeningMailBlocks) are never written to; invitees who
/// unsubscribed from all mail (MailSuppressions) are not either.
/// </summary>
public sealed class GuestNotices(CampaignDbContext db, MailOutbox outbox, GuestMails mails, CalendarEntries calendar, IStringLocalizer<GuestNotices> l)
{
    /// <summary>The host's plain-text message to every confirmed guest; returns how many mails were queued.</summary>
    public async Task<int> QueueHostMessageAsync(Screening screening, string message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var guests = await RecipientsAsync(screening, [RsvpStatus.Confirmed], ct);
        foreach (var rsvp in guests)
        {
            var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
                .Paragraph(l["The host of “{0}” ({1}) sent this message to everyone coming:", screening.TitleFor(rsvp.IsDiscreet), When(screening)])
                .Quote(PlainText.MultiLine(message)!)
                .Paragraph(l["Replies to this mail are not read. Can't come after all? Please free your seats for someone else:"])
                .Button(l["Change or cancel my RSVP"], mails.ManageUrl(rsvp));
            outbox.Add(mail.To(rsvp.Email, rsvp.Name, l["Message from the host: {0}", GuestMails.Title(mail, screening)]), MailKinds.HostMessage, screening.Id);
        }

        return guests.Count;
    }

    /// <summary>
    /// Tells every confirmed guest what changed (time: was and now; place: the new one in full, with the updated calendar
    /// invitation), and every waitlisted guest too (the public place only: they have no seat yet, and no calendar entry).
    /// </summary>
    public async Task<int> QueueChangesAsync(Screening screening, ScreeningChanges changes, ScreeningBefore before, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(before);
        if (!changes.TimeChanged && !changes.PlaceChanged)
        {
            return 0;
        }

        var guests = await RecipientsAsync(screening, [RsvpStatus.Confirmed, RsvpStatus.Waitlisted], ct);
        foreach (var rsvp in guests)
        {
            var confirmed = rsvp.Status == RsvpStatus.Confirmed;
            var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
                .Paragraph(confirmed
                    ? l["The host changed the screening “{0}” that you are going to.", screening.TitleFor(rsvp.IsDiscreet)]
                    : l["The host changed the screening “{0}” whose waitlist you are on.", screening.TitleFor(rsvp.IsDiscreet)]);
            if (changes.TimeChanged)
            {
                mail.Paragraph(l["New time: {0}\nWas: {1}",
                    ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
                    ZoneClock.FormatRange(before.StartUtc, before.EndUtc, before.TimeZoneId, CultureInfo.CurrentCulture)]);
            }

            if (changes.PlaceChanged)
            {
                mail.Paragraph(!confirmed
                    ? screening.IsOnline ? l["It now takes place online; you get the link if a seat opens up for you."] : l["It now takes place somewhere else; you get the address if a seat opens up for you."]
                    : screening.IsOnline ? l["It now takes place online; the new link is below."] : l["It now takes place somewhere else; the new address is below."]);
            }

            mail.Paragraph(l["The screening as it is now:"]);
            mails.Details(mail, screening, includePrivatePlace: confirmed, mails.HelpUrl(rsvp));
            mails.Help(mail, screening, mails.HelpUrl(rsvp));
            mail.Paragraph(confirmed
                    ? l["Can't come any more? Please free your seats for someone else:"]
                    : l["You are still on the waitlist. Can't come at the new time or place? Take your name off the list:"])
                .Button(l["Change or cancel my RSVP"], mails.ManageUrl(rsvp));
            var subject = changes.TimeChanged && changes.PlaceChanged ? l["New time and place: {0}", GuestMails.Title(mail, screening)]
                : changes.TimeChanged ? l["New time: {0}", GuestMails.Title(mail, screening)]
                : l["New place: {0}", GuestMails.Title(mail, screening)];
            var changed = mail.To(rsvp.Email, rsvp.Name, subject);
            // Same UID, higher SEQUENCE: the entry moves in the guest's calendar. The waitlist has no entry to move.
            outbox.Add(confirmed ? changed.With(await calendar.InvitationAsync(rsvp, screening, ct)) : changed, MailKinds.ScreeningChanged, screening.Id);
        }

        return guests.Count;
    }

    /// <summary>Tells confirmed and waitlisted guests that it is off and why (open invitations hear from Features/Invitations).</summary>
    public async Task<int> QueueCancellationAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var guests = await RecipientsAsync(screening, [RsvpStatus.Confirmed, RsvpStatus.Waitlisted], ct);
        foreach (var rsvp in guests)
        {
            var mail = Cancellation(GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet), screening, rsvp)
                .Paragraph(rsvp.Status == RsvpStatus.Waitlisted
                    ? l["You were on the waitlist; there is nothing you need to do."]
                    : l["Your RSVP no longer applies; there is nothing you need to do."]);
            mails.Support(mail, mails.HelpUrl(rsvp));
            var cancelled = mail.To(rsvp.Email, rsvp.Name, l["Cancelled: {0}", GuestMails.Title(mail, screening)]);
            // Only confirmed guests had the invitation in their calendar.
            outbox.Add(rsvp.Status == RsvpStatus.Confirmed ? cancelled.With(await calendar.CancellationAsync(rsvp, screening, ct)) : cancelled, MailKinds.ScreeningCancelled, screening.Id);
        }

        return guests.Count;
    }

    /// <summary>The reminder before the start: details with the full place and the manage link.</summary>
    public OutgoingMail Reminder(Rsvp rsvp, Screening screening)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(rsvp.PartySize == 1
                ? l["A reminder: you are coming to this screening."]
                : l["A reminder: you and your party of {0} are coming to this screening.", rsvp.PartySize]);
        mails.Details(mail, screening, includePrivatePlace: true, mails.HelpUrl(rsvp));
        mails.Help(mail, screening, mails.HelpUrl(rsvp));
        mail.Paragraph(l["Can't come after all? Please free your seats for someone else:"])
            .Button(l["Change or cancel my RSVP"], mails.ManageUrl(rsvp));
        return mail.To(rsvp.Email, rsvp.Name, l["Reminder: {0}", GuestMails.Title(mail, screening)]);
    }

    private MailTemplate Cancellation(MailTemplate mail, Screening screening, Rsvp rsvp)
    {
        mail.Paragraph(l["The screening “{0}” ({1}) is cancelled by its host.", screening.TitleFor(rsvp.IsDiscreet), When(screening)]);
        if (!string.IsNullOrWhiteSpace(screening.CancellationReason))
        {
            mail.Paragraph(l["The host's reason:"]).Quote(screening.CancellationReason);
        }

        return mail;
    }

    private static string When(Screening s) => ZoneClock.FormatRange(s.StartUtc, s.EndUtc, s.TimeZoneId, CultureInfo.CurrentCulture);

    private async Task<List<Rsvp>> RecipientsAsync(Screening screening, RsvpStatus[] statuses, CancellationToken ct)
    {
        var blocked = await BlockedAsync(screening, ct);
        var rsvps = await db.Rsvps
            // A walk-in without an address (Email "") is never mailed.
            .Where(r => r.ScreeningId == screening.Id && statuses.Contains(r.Status) && r.Email != "")
            .OrderBy(r => r.CreatedAtUtc).ThenBy(r => r.Id)
            .ToListAsync(ct);
        return [.. rsvps.Where(r => !blocked.Contains(r.EmailKey))];
    }

    private async Task<HashSet<string>> BlockedAsync(Screening screening, CancellationToken ct) =>
        (await db.ScreeningMailBlocks.Where(b => b.ScreeningId == screening.Id).Select(b => b.EmailKey).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
}
