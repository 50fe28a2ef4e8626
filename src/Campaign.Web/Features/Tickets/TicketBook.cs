using Campaign.Domain.Rsvps;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Tickets;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Tickets;

/// <summary>
/// Keeps an RSVP's tickets in step with it: one valid ticket per person while confirmed, none otherwise. Runs in the
/// caller's unit of work; the caller's SaveChanges stores tickets together with the change and its mail.
/// </summary>
public sealed class TicketBook(CampaignDbContext db, TicketKeys keys, PublicLinks links, TimeProvider clock, IStringLocalizer<TicketBook> l)
{
    /// <summary>Issues or cancels tickets so a confirmed party of N holds exactly N; returns the valid ones, booker first.</summary>
    /// <param name="rsvp">The answer, already changed.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="comingBack">
    /// The RSVP is confirmed again after it was cancelled (re-confirmed, or promoted after re-confirming onto the
    /// waitlist): the tickets its cancellation cancelled come back first, same rows and codes, so the QR codes in the
    /// first mail admit again (decisions/0011). Not for a party that grows: a guest dropped earlier does not get their
    /// old ticket back under someone else's name.
    /// </param>
    public async Task<IReadOnlyList<Ticket>> SyncAsync(Rsvp rsvp, CancellationToken ct, bool comingBack = false)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        var now = clock.GetUtcNow().UtcDateTime;
        // A new answer (not saved yet) has no tickets to look up.
        var stored = db.Entry(rsvp).State == EntityState.Added
            ? []
            : await db.Tickets.Where(t => t.RsvpId == rsvp.Id && t.Status == TicketStatus.Valid).OrderBy(t => t.Number).ToListAsync(ct);
        // Tracked tickets cancelled in this unit of work but not yet saved still match in the database.
        var valid = stored.Where(t => t.Status == TicketStatus.Valid).ToList();
        var target = rsvp.Status == RsvpStatus.Confirmed ? rsvp.PartySize : 0;
        while (valid.Count > target)
        {
            // Guests' tickets go first (the booker's only with the whole party), unused before used, newest first.
            var drop = valid.Where(t => target == 0 || !t.IsBookers)
                .OrderBy(t => t.CheckedInAtUtc is not null).ThenByDescending(t => t.Number).First();
            drop.Cancel(now);
            valid.Remove(drop);
        }

        if (comingBack && valid.Count < target && db.Entry(rsvp).State != EntityState.Added)
        {
            // The tickets the RSVP's cancellation cancelled: all at one moment, the latest. Tickets dropped earlier
            // (the party shrank) or given up by their holders stay cancelled.
            var cancelled = await db.Tickets
                .Where(t => t.RsvpId == rsvp.Id && t.Status == TicketStatus.Cancelled && !t.ReleasedByHolder)
                .ToListAsync(ct);
            var last = cancelled.Max(t => t.CancelledAtUtc);
            foreach (var ticket in cancelled.Where(t => t.CancelledAtUtc == last).OrderBy(t => t.Number))
            {
                if (valid.Count >= target || !ticket.CanReactivate || valid.Any(v => v.Number == ticket.Number))
                {
                    continue;
                }

                ticket.Reactivate();
                valid.Add(ticket);
            }

            valid.Sort((a, b) => a.Number.CompareTo(b.Number));
        }

        while (valid.Count < target)
        {
            var number = Enumerable.Range(1, target + 1).First(n => valid.All(t => t.Number != n));
            var (code, payload) = await keys.NewCodeAsync(rsvp.ScreeningId, ct);
            var ticket = Ticket.Issue(Guid.NewGuid(), rsvp.ScreeningId, rsvp.Id, number, rsvp.Name, null, payload.NonceText, code, now);
            db.Tickets.Add(ticket);
            valid.Add(ticket);
            valid.Sort((a, b) => a.Number.CompareTo(b.Number));
        }

        Name(rsvp, valid);
        return valid;
    }

    /// <summary>Every valid ticket of an RSVP, booker first (for mails that only show them).</summary>
    public async Task<IReadOnlyList<Ticket>> ValidAsync(Guid rsvpId, CancellationToken ct) =>
        await db.Tickets.Where(t => t.RsvpId == rsvpId && t.Status == TicketStatus.Valid).OrderBy(t => t.Number).ToListAsync(ct);

    /// <summary>"Ana", or the guest's name, or "Guest 2 of Ana".</summary>
    public string Holder(Ticket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return ticket.HolderName ?? (ticket.IsBookers ? ticket.BookerName : l["Guest {0} of {1}", ticket.Number, ticket.BookerName].Value);
    }

    public string PageUrl(Ticket ticket) => links.Absolute("/t/" + Uri.EscapeDataString(ticket?.Code ?? ""));

    /// <summary>Adds each ticket to a mail: its QR code inline (Content-ID) and a link to its page.</summary>
    public MailTemplate AddTo(MailTemplate mail, IReadOnlyList<Ticket> tickets)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(tickets);
        if (tickets.Count == 0)
        {
            return mail;
        }

        mail.Paragraph(tickets.Count == 1
            ? l["Your ticket is below. Show it at the door, on your phone or printed."]
            : l["Your {0} tickets are below, one per person. Show them at the door, or forward each guest their own ticket link (it shows that ticket only).", tickets.Count]);
        var index = 0;
        foreach (var ticket in tickets)
        {
            index++;
            var image = MailPart.QrCode(ticket.Code, $"ticket-{index}.png", $"ticket-{ticket.Id:N}@campaign");
            mail.Image(l["Ticket {0} of {1}: {2}", index, tickets.Count, Holder(ticket)], image, l["Open this ticket"], PageUrl(ticket));
        }

        return mail;
    }

    /// <summary>Booker's ticket gets the booker's name; guests' tickets take the RSVP's guest names in order.</summary>
    private static void Name(Rsvp rsvp, List<Ticket> valid)
    {
        var names = rsvp.GuestNameList();
        var guest = 0;
        foreach (var ticket in valid)
        {
            if (ticket.IsBookers)
            {
                ticket.Name(rsvp.Name, rsvp.Name);
            }
            else
            {
                ticket.Name(rsvp.Name, guest < names.Count ? names[guest] : null);
                guest++;
            }
        }
    }
}
