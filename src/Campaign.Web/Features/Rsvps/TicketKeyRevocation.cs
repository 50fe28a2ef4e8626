using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Tickets;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>One ticket signing key as staff see it.</summary>
public sealed record TicketKeyRow(int KeyId, DateTime CreatedAtUtc, DateTime? RevokedAtUtc, bool Signing, int UpcomingTickets);

/// <summary>What revoking a key did, or why it was refused.</summary>
public sealed record RevocationResult(bool Done, string Message, int Reissued = 0, int Mailed = 0);

/// <summary>
/// Ticket keys for staff (docs/tickets.md "Keys and rotation"): the list, a rotation, and revoking a key that may have
/// leaked. Revoking re-issues that key's tickets for screenings not over yet with the current key (new codes; the old
/// nonces become tombstones, so offline doors refuse them after their next package) and mails each confirmed guest their
/// new tickets, all in one transaction with the mails.
/// </summary>
public sealed class TicketKeyRevocation(
    CampaignDbContext db,
    TicketKeys keys,
    TicketBook book,
    RsvpMails mails,
    RsvpChecks checks,
    TimeProvider clock,
    IStringLocalizer<TicketKeyRevocation> l)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Every key, newest first, with how many tickets of screenings not over yet it signed.</summary>
    public async Task<IReadOnlyList<TicketKeyRow>> KeysAsync(CancellationToken ct)
    {
        var all = await db.TicketSigningKeys.AsNoTracking().OrderByDescending(k => k.KeyId).ToListAsync(ct);
        var signing = all.FirstOrDefault(k => k.RevokedAtUtc is null)?.KeyId;
        var rows = new List<TicketKeyRow>();
        foreach (var key in all)
        {
            var upcoming = key.RevokedAtUtc is null ? await Upcoming((byte)key.KeyId).CountAsync(ct) : 0;
            rows.Add(new TicketKeyRow(key.KeyId, key.CreatedAtUtc, key.RevokedAtUtc, key.KeyId == signing, upcoming));
        }

        return rows;
    }

    /// <summary>The key that revoking <paramref name="keyId"/> would concern, or null when there is none.</summary>
    public async Task<TicketKeyRow?> KeyAsync(int keyId, CancellationToken ct) =>
        (await KeysAsync(ct)).FirstOrDefault(k => k.KeyId == keyId);

    /// <summary>
    /// Why <paramref name="key"/> cannot be revoked now, or null. The key that signs new tickets cannot: rotate first.
    /// Nor can a key while the newer one is less than <see cref="TicketKeys.RefreshEvery"/> old: other instances may still
    /// be signing new tickets with it until then.
    /// </summary>
    public async Task<string?> RefusalAsync(TicketKeyRow key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.RevokedAtUtc is not null)
        {
            return l["Key {0} is already revoked.", key.KeyId];
        }

        if (key.Signing)
        {
            return l["Key {0} signs new tickets now. Rotate first; a minute later, when every instance signs with the new key, key {0} can be revoked.", key.KeyId];
        }

        var newer = await db.TicketSigningKeys.AsNoTracking().Where(k => k.KeyId > key.KeyId && k.RevokedAtUtc == null).MinAsync(k => (DateTime?)k.CreatedAtUtc, ct);
        var ready = newer?.Add(TicketKeys.RefreshEvery);
        return ready > Now
            ? l["The newer key is less than a minute old: other instances may still sign with key {0}. Try again in {1} seconds.", key.KeyId, (int)Math.Ceiling((ready.Value - Now).TotalSeconds)].Value
            : null;
    }

    /// <summary>Revokes the key, re-issues its tickets for screenings not over yet and mails their guests; null when there is no such key.</summary>
    public async Task<RevocationResult?> RevokeAsync(int keyId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await db.InTransactionAsync(t => RevokeOnceAsync(keyId, t), ct);
                keys.Forget();
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // A ticket was scanned or changed at the same moment: start again from a fresh read.
            }
        }
    }

    private async Task<RevocationResult?> RevokeOnceAsync(int keyId, CancellationToken ct)
    {
        if (await KeyAsync(keyId, ct) is not { } row)
        {
            return null;
        }

        if (await RefusalAsync(row, ct) is { } refused)
        {
            return new RevocationResult(false, refused);
        }

        // The newest key that is not revoked signs the new codes (read again: not this one, see RefusalAsync).
        keys.Forget();
        var key = await db.TicketSigningKeys.SingleAsync(k => k.KeyId == keyId, ct);
        key.Revoke(Now);
        var tickets = await Upcoming((byte)keyId).ToListAsync(ct);
        foreach (var ticket in tickets)
        {
            db.TicketTombstones.Add(TicketTombstone.Of(ticket));
            var (code, payload) = await keys.NewCodeAsync(ticket.ScreeningId, ct);
            ticket.Reissue(payload.NonceText, code);
        }

        var mailed = 0;
        var rsvpIds = tickets.Where(t => t.Status == TicketStatus.Valid).Select(t => t.RsvpId).Distinct().ToList();
        // A walk-in without an address sees the new codes on their tickets page; there is nobody to mail.
        var rsvps = await db.Rsvps.Where(r => rsvpIds.Contains(r.Id) && r.Status == RsvpStatus.Confirmed && r.Email != "").ToListAsync(ct);
        var screeningIds = rsvps.Select(r => r.ScreeningId).Distinct().ToList();
        var screenings = await db.Screenings.AsNoTracking().Where(s => screeningIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        foreach (var rsvp in rsvps)
        {
            var screening = screenings[rsvp.ScreeningId];
            var held = await book.ValidAsync(rsvp.Id, ct);
            if (held.Count == 0 || await checks.IsBlockedAsync(screening.Id, rsvp.EmailKey, ct))
            {
                continue;
            }

            var mail = mails.Confirmed(rsvp, screening, held, held.Count == 1
                ? l["Your ticket for this screening has a new code. The one we sent before no longer works: please use the ticket below."]
                : l["Your tickets for this screening have new codes. The ones we sent before no longer work: please use the tickets below."]);
            await checks.QueueAsync(rsvp, screening, mail, MailKinds.TicketsReissued, ct);
            mailed++;
        }

        await db.SaveChangesAsync(ct);
        return new RevocationResult(true, l["Key {0} is revoked: {1} ticket(s) have new codes and {2} guest(s) were mailed them.", keyId, tickets.Count, mailed], tickets.Count, mailed);
    }

    /// <summary>Tickets signed with the key whose screening is not over (nor cancelled): those that still matter at a door.</summary>
    private IQueryable<Ticket> Upcoming(byte keyId)
    {
        var prefixes = TicketCode.PrefixesOf(keyId).ToList();
        var now = Now;
        return db.Tickets.Where(t => prefixes.Contains(t.Code.Substring(0, 4))
            && db.Screenings.Any(s => s.Id == t.ScreeningId && s.EndUtc > now && s.Status != ScreeningStatus.Cancelled));
    }
}
