using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure;
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
    /// <summary>The full place while the ticket admits; the public place (city, or "Online") once it does not.</summary>
    IReadOnlyList<string> Place,
    bool CanRelease,
    string? CheckedIn,
    bool Discreet)
{
    /// <summary>The title this ticket's holder sees (the neutral one when the screening or the booker is discreet).</summary>
    public string Title => Discreet ? Screening.NeutralTitle : Screening.Title;

    /// <summary>Cancelled, given up, or its screening cancelled: the page says so first and shows nothing private.</summary>
    public bool Void => Ticket.IsVoid(Screening.Status);
}

/// <summary>Ticket pages and their QR images; a guest giving up their own seat is an RSVP change (Features/Rsvps).</summary>
public sealed class TicketService(
    CampaignDbContext db,
    TicketKeys keys,
    TicketBook book,
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

    /// <summary>Discreet for this ticket: its screening is, or the booker chose it (decisions/0023).</summary>
    public async Task<bool> IsDiscreetAsync(Ticket ticket, Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(screening);
        return screening.IsDiscreet || await db.Rsvps.AnyAsync(r => r.Id == ticket.RsvpId && r.IsDiscreet, ct);
    }

    /// <summary>The ticket a code names when it still admits (for its QR image and PDF), else null.</summary>
    public async Task<(Ticket Ticket, Screening Screening)?> AdmittingAsync(string? code, CancellationToken ct)
    {
        var ticket = await FindAsync(code, ct);
        if (ticket is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == ticket.ScreeningId, ct);
        return ticket.IsVoid(screening.Status) ? null : (ticket, screening);
    }

    /// <summary>An RSVP's valid tickets by its manage token (none once cancelled or when the screening is), or null for an unknown token.</summary>
    public async Task<(Screening Screening, IReadOnlyList<Ticket> Tickets, bool Discreet)?> RsvpTicketsAsync(string token, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var rsvp = await db.Rsvps.AsNoTracking().SingleOrDefaultAsync(r => r.ManageToken == token, ct);
        if (rsvp is null)
        {
            return null;
        }

        var screening = await db.Screenings.AsNoTracking().SingleAsync(s => s.Id == rsvp.ScreeningId, ct);
        if (rsvp.Status != RsvpStatus.Confirmed || screening.Status == ScreeningStatus.Cancelled)
        {
            return (screening, [], screening.IsDiscreetFor(rsvp.IsDiscreet));
        }

        return (screening, await book.ValidAsync(rsvp.Id, ct), screening.IsDiscreetFor(rsvp.IsDiscreet));
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
            ticket.IsVoid(screening.Status) ? [PlaceText.Public(screening, l["Online"])]
                : screening.IsOnline ? [screening.OnlineUrl ?? ""] : PlaceText.AddressLines(screening),
            !ticket.IsBookers && ticket.Status == TicketStatus.Valid && ticket.CheckedInAtUtc is null
                && screening.Status != ScreeningStatus.Cancelled && now < screening.StartUtc,
            checkedIn,
            await IsDiscreetAsync(ticket, screening, ct));
    }
}
