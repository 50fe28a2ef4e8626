using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Tickets;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Rsvps;
using Campaign.Web.Features.Screenings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Tickets;

/// <summary>What a ticket's own page shows: one person's ticket and nothing of the rest of the party.</summary>
public sealed record TicketView(
    string Code,
    string Holder,
    Ticket Ticket,
    Screening Screening,
    string When,
    string TimeZone,
    /// <summary>The full place: the ticket holder is a confirmed guest.</summary>
    IReadOnlyList<string> Place,
    bool CanRelease,
    string? CheckedIn);

/// <summary>Ticket pages, their QR images, and a guest giving up their own seat.</summary>
public sealed class TicketService(
    CampaignDbContext db,
    TicketKeys keys,
    TicketBook book,
    WaitlistPromoter promoter,
    RsvpMails mails,
    MailOutbox outbox,
    TimeProvider clock,
    IStringLocalizer<TicketService> l)
{
    /// <summary>The ticket a genuine code names, or null for anything forged, unknown or mutated.</summary>
    public async Task<Ticket?> FindAsync(string? code, CancellationToken ct)
    {
        var payload = await keys.VerifyAsync(code, ct);
        if (payload is null)
        {
            return null;
        }

        var nonce = payload.NonceText;
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Nonce == nonce, ct);
        return ticket is not null && ticket.ScreeningId == payload.ScreeningId ? ticket : null;
    }

    public async Task<TicketView?> PageAsync(string code, CancellationToken ct)
    {
        var ticket = await FindAsync(code, ct);
        if (ticket is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == ticket.ScreeningId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var checkedIn = ticket.CheckedInAtUtc is { } at
            ? ZoneClock.FormatTime(at, screening.TimeZoneId, CultureInfo.CurrentCulture)
            : null;
        return new TicketView(
            ticket.Code,
            book.Holder(ticket),
            ticket,
            screening,
            ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            screening.TimeZoneId.Replace('_', ' '),
            screening.IsOnline ? [screening.OnlineUrl ?? ""] : PlaceText.AddressLines(screening),
            !ticket.IsBookers && ticket.Status == TicketStatus.Valid && ticket.CheckedInAtUtc is null
                && screening.Status != ScreeningStatus.Cancelled && now < screening.StartUtc,
            checkedIn);
    }

    /// <summary>
    /// A guest gives up the seat on their own ticket, and nothing else: that ticket is cancelled, the party shrinks by
    /// one, the seat goes to the waitlist, and the booker is told. Returns an error message, or null when done.
    /// </summary>
    public async Task<string?> ReleaseAsync(string code, CancellationToken ct)
    {
        var found = await FindAsync(code, ct);
        if (found is null)
        {
            return l["This ticket link is not valid."];
        }

        try
        {
            return await db.InTransactionAsync(async t =>
            {
                var ticket = await db.Tickets.SingleAsync(x => x.Id == found.Id, t);
                var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == ticket.ScreeningId, t);
                var now = clock.GetUtcNow().UtcDateTime;
                if (ticket.IsBookers)
                {
                    return l["This is the booker's own ticket: use the link in the confirmation mail to change or cancel the RSVP."];
                }

                if (ticket.Status == TicketStatus.Cancelled)
                {
                    return l["This ticket is already cancelled."];
                }

                if (ticket.CheckedInAtUtc is not null || screening.Status == ScreeningStatus.Cancelled || now >= screening.StartUtc)
                {
                    return l["This seat can no longer be given up."];
                }

                var rsvp = await db.Rsvps.SingleAsync(r => r.Id == ticket.RsvpId, t);
                var guests = await db.Tickets
                    .Where(x => x.RsvpId == rsvp.Id && x.Status == TicketStatus.Valid && x.Number > 1)
                    .OrderBy(x => x.Number).Select(x => x.Id).ToListAsync(t);
                var freed = rsvp.ReleaseGuest(guests.IndexOf(ticket.Id), now);
                ticket.Cancel(now, byHolder: true);
                await SeatLedger.ReleaseAsync(db, screening.Id, freed, t);
                var held = await book.SyncAsync(rsvp, t);
                await promoter.PromoteAsync(screening, t);
                if (!await db.IsMailBlockedAsync(screening.Id, rsvp.EmailKey, t))
                {
                    var what = l["{0} gave up their seat using their own ticket, so your party is now {1}. That ticket no longer works; the others are unchanged.", book.Holder(ticket), rsvp.PartySize];
                    outbox.Add(mails.Changed(rsvp, screening, what, held), MailKinds.Changed, screening.Id);
                }

                await db.SaveChangesAsync(t);
                return (string?)null;
            }, ct);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }
        catch (DbUpdateConcurrencyException)
        {
            return l["This ticket changed at the same moment somewhere else. Reload the page and try again."];
        }
    }
}
