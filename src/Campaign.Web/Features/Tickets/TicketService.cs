using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Tickets;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
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

/// <summary>Ticket pages and their QR images; a guest giving up their own seat is an RSVP change (Features/Rsvps).</summary>
public sealed class TicketService(
    CampaignDbContext db,
    TicketKeys keys,
    TicketBook book,
    TimeProvider clock)
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
}
