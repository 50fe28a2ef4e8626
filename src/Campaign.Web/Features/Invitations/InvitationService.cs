using System.Globalization;
using Campaign.Domain;
using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Invitations;

public sealed class InvitationService(
    CampaignDbContext db,
    MailOutbox outbox,
    InvitationMails mails,
    TimeProvider clock,
    IOptions<CampaignOptions> options,
    IStringLocalizer<InvitationService> l)
{
    /// <summary>Shown for suppressed and blocked addresses alike, and as the failure of mail stopped by an unsubscribe: which one is not the host's business (docs/decisions/0009).</summary>
    public const string NotMailableReason = "Not sent: this address does not accept invitations.";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<InvitePageView> PageAsync(Screening screening, InviteSummary? outcome, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        var limit = Limit(host);
        var used = await UsedTodayAsync(host.Id, ct);
        var (counts, rows) = await ListAsync(screening, ct);
        return new InvitePageView(screening, NotPossible(host, screening), limit, Math.Max(0, limit - used), outcome, counts, rows);
    }

    /// <summary>
    /// Invites every new, mailable address of the list: each invitation and its mail in one SaveChanges. Returns null
    /// (with <paramref name="errors"/> filled and nothing stored) when the list cannot be sent as a whole.
    /// </summary>
    public async Task<InviteOutcome?> InviteAsync(Screening screening, InviteForm form, ModelStateDictionary errors, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);
        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        if (NotPossible(host, screening) is { } reason)
        {
            errors.AddModelError("", reason);
            return null;
        }

        var message = CleanMessage(form.Message);
        if (message is { Length: > Invitation.MessageMaxLength })
        {
            errors.AddModelError(nameof(form.Message), l["The message can be at most {0} characters; it has {1}.", Invitation.MessageMaxLength, message.Length]);
        }

        if (!errors.IsValid)
        {
            return null;
        }

        var parsed = AddressList.Parse(form.Addresses);
        if (parsed.Valid.Count + parsed.Invalid.Count == 0)
        {
            errors.AddModelError(nameof(form.Addresses), l["Paste at least one e-mail address."]);
            return null;
        }

        if (parsed.Valid.Count > InviteForm.MaxAddresses)
        {
            errors.AddModelError(nameof(form.Addresses), l["This list has {0} addresses; invite at most {1} at a time.", parsed.Valid.Count, InviteForm.MaxAddresses]);
            return null;
        }

        var keys = parsed.Valid.Select(EmailKey.Of).ToList();
        var already = (await db.Invitations.Where(i => i.ScreeningId == screening.Id && keys.Contains(i.EmailKey)).Select(i => i.EmailKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var notMailable = await NotMailableAsync(screening.Id, keys, ct);
        var fresh = parsed.Valid.Where(a => !already.Contains(EmailKey.Of(a)) && !notMailable.Contains(EmailKey.Of(a))).ToList();

        var limit = Limit(host);
        var used = await UsedTodayAsync(host.Id, ct);
        if (used + fresh.Count > limit)
        {
            errors.AddModelError("", used >= limit
                ? l.Plural(limit, "You have reached the limit of {0} invitation in 24 hours. Nothing was sent; try again tomorrow.", "You have reached the limit of {0} invitations in 24 hours. Nothing was sent; try again tomorrow.")
                : l.Plural(limit - used, "This list has {0} new addresses, but you can send only {1} more invitation today (the limit is {2} in 24 hours). Nothing was sent; send fewer now and the rest tomorrow.", "This list has {0} new addresses, but you can send only {1} more invitations today (the limit is {2} in 24 hours). Nothing was sent; send fewer now and the rest tomorrow.", fresh.Count, limit - used, limit));
            return null;
        }

        var now = Now;
        foreach (var address in fresh)
        {
            var invitation = Invitation.Create(screening.Id, address, parsed.NameOf(address), SecretTokens.New(), message, host.Id, now, discreet: form.Discreet);
            db.Invitations.Add(invitation);
            outbox.Add(mails.Invite(invitation, screening, host.DisplayName, again: false), MailKinds.Invitation, screening.Id, invitation.Id, mails.UnsubscribeUrl(invitation));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The unique (screening, address) index: the same address was invited from another window at the same moment.
            db.ChangeTracker.Clear();
            errors.AddModelError("", l["Some of these addresses were being invited at the same moment from another window. Nothing was sent; send the list again (addresses already invited are skipped)."]);
            return null;
        }

        return new InviteOutcome(
            [.. fresh.Select(a => parsed.NameOf(a) is { } name ? $"{name} <{a}>" : a)],
            [.. parsed.Invalid.Select(i => (i.Input, Problem(i.Problem)))],
            [.. parsed.Valid.Where(a => already.Contains(EmailKey.Of(a)))],
            parsed.Valid.Count(a => notMailable.Contains(EmailKey.Of(a)) && !already.Contains(EmailKey.Of(a))),
            parsed.DuplicatesMerged);
    }

    /// <summary>Queues the one resend allowed 48 hours after the first mail; returns an error to show, or null.</summary>
    public async Task<string?> ResendAsync(Screening screening, Guid invitationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var host = await db.Users.SingleAsync(u => u.Id == screening.HostId, ct);
        if (NotPossible(host, screening) is { } reason)
        {
            return reason;
        }

        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.ScreeningId == screening.Id, ct);
        if (invitation is null)
        {
            return l["There is no such invitation."];
        }

        if ((await NotMailableAsync(screening.Id, [invitation.EmailKey], ct)).Count > 0)
        {
            return l["This address does not accept invitations any more."];
        }

        try
        {
            invitation.Resend(Now);
        }
        catch (DomainException ex)
        {
            return l[ex.Message];
        }

        outbox.Add(mails.Invite(invitation, screening, host.DisplayName, again: true), MailKinds.Invitation, screening.Id, invitation.Id, mails.UnsubscribeUrl(invitation));
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<(InvitationCounts Counts, IReadOnlyList<InvitationRow> Rows)> ListAsync(Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.ScreeningId == screening.Id)
            .OrderByDescending(i => i.CreatedAtUtc).ThenBy(i => i.EmailKey).ToListAsync(ct);
        var now = Now;
        var resendable = invitations.Where(i => i.CanResend(now)).Select(i => i.EmailKey).ToList();
        var notMailable = resendable.Count == 0 ? [] : await NotMailableAsync(screening.Id, resendable, ct);
        var rows = invitations.Select(i => new InvitationRow(
            i.Id,
            i.Name is null ? i.Email : $"{i.Name} <{i.Email}>",
            i.State,
            StateText(i.State),
            i.State == InvitationState.Failed ? i.FailureReason : null,
            ZoneClock.Format(i.CreatedAtUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
            i.SentAtUtc is { } sent ? ZoneClock.Format(sent, screening.TimeZoneId, CultureInfo.CurrentCulture) : null,
            i.ResentAtUtc is not null,
            i.CanResend(now) && !notMailable.Contains(i.EmailKey))).ToList();
        int Count(InvitationState state) => invitations.Count(i => i.State == state);
        var counts = new InvitationCounts(invitations.Count, Count(InvitationState.Queued), Count(InvitationState.Sent), Count(InvitationState.Failed), Count(InvitationState.Accepted), Count(InvitationState.Declined));
        return (counts, rows);
    }

    public string StateText(InvitationState state) => state switch
    {
        InvitationState.Queued => l["queued"],
        InvitationState.Sent => l["sent"],
        InvitationState.Failed => l["failed"],
        InvitationState.Accepted => l["RSVPed yes"],
        InvitationState.Declined => l["RSVPed no"],
        _ => state.ToString(),
    };

    /// <summary>The invitation behind a link, compared exactly (SQL Server's default collation ignores case); null for unknown or tampered tokens.</summary>
    public async Task<(Invitation Invitation, Screening Screening)?> FindByTokenAsync(string? token, CancellationToken ct)
    {
        if (!SecretTokens.LooksValid(token))
        {
            return null;
        }

        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Token == token, ct);
        if (invitation is null || !string.Equals(invitation.Token, token, StringComparison.Ordinal))
        {
            return null;
        }

        var screening = await db.Screenings.SingleAsync(s => s.Id == invitation.ScreeningId, ct);
        return (invitation, screening);
    }

    /// <summary>The invitee opened the personal link: the first time is stored (the host's "opened" count), later ones change nothing.</summary>
    public async Task RecordOpenedAsync(Invitation invitation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        if (invitation.MarkOpened(clock.GetUtcNow().UtcDateTime))
        {
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<InviteeView> InviteeAsync(Invitation invitation, Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        var hostName = await db.Users.Where(u => u.Id == invitation.InvitedByUserId).Select(u => u.DisplayName).SingleOrDefaultAsync(ct) ?? "";
        return new InviteeView(
            invitation.Token,
            invitation.Email,
            screening.TitleFor(invitation.IsDiscreet),
            hostName,
            await db.MailSuppressions.AnyAsync(m => m.EmailKey == invitation.EmailKey, ct),
            await db.AbuseReports.AnyAsync(a => a.InvitationId == invitation.Id, ct))
        {
            Discreet = screening.IsDiscreetFor(invitation.IsDiscreet),
        };
    }

    /// <summary>
    /// The address never gets an invitation again, from any host. Invitation mail to it still waiting in the outbox is
    /// not sent. Safe to repeat (mail clients may post the one-click request more than once).
    /// </summary>
    public async Task UnsubscribeAsync(Invitation invitation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        for (var attempt = 0; ; attempt++)
        {
            var now = Now;
            if (!await db.MailSuppressions.AnyAsync(m => m.EmailKey == invitation.EmailKey, ct))
            {
                db.MailSuppressions.Add(MailSuppression.For(invitation.Email, now));
            }

            var queued = await db.Invitations.Where(i => i.EmailKey == invitation.EmailKey && i.State == InvitationState.Queued).ToListAsync(ct);
            var queuedIds = queued.Select(i => i.Id).ToList();
            var pending = await db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Pending && m.InvitationId != null && queuedIds.Contains(m.InvitationId.Value))
                .ToListAsync(ct);
            foreach (var row in pending)
            {
                row.Fail(NotMailableReason);
            }

            foreach (var waiting in queued.Where(i => pending.Any(p => p.InvitationId == i.Id)))
            {
                waiting.MarkFailed(NotMailableReason);
            }

            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two clicks at once: the other request stored the suppression first. Try once more without it.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Puts the host in the staff queue (once per invitation) and stops mail about this screening to the reporter.</summary>
    public async Task ReportAsync(Invitation invitation, Screening screening, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        var now = Now;
        if (!await db.AbuseReports.AnyAsync(a => a.InvitationId == invitation.Id, ct))
        {
            db.AbuseReports.Add(AbuseReport.For(screening.Id, invitation.Id, invitation.InvitedByUserId, now));
        }

        if (!await db.IsMailBlockedAsync(screening.Id, invitation.EmailKey, ct))
        {
            db.ScreeningMailBlocks.Add(ScreeningMailBlock.For(screening.Id, invitation.Email, now));
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // A double click stored the block first; the report of the first click stands.
            db.ChangeTracker.Clear();
        }
    }

    private int Limit(ApplicationUser host) => host.IsTrustedHost ? options.Value.InviteLimitPerDay : options.Value.InviteLimitPerDayUntrusted;

    private Task<int> UsedTodayAsync(string hostId, CancellationToken ct)
    {
        var since = Now.AddHours(-24);
        return db.Invitations.CountAsync(i => i.InvitedByUserId == hostId && i.CreatedAtUtc > since, ct);
    }

    /// <summary>Keys that unsubscribed (any screening) or are blocked for this screening.</summary>
    private async Task<HashSet<string>> NotMailableAsync(Guid screeningId, IReadOnlyCollection<string> keys, CancellationToken ct)
    {
        var suppressed = await db.MailSuppressions.Where(m => keys.Contains(m.EmailKey)).Select(m => m.EmailKey).ToListAsync(ct);
        var blocked = await db.ScreeningMailBlocks.Where(b => b.ScreeningId == screeningId && keys.Contains(b.EmailKey)).Select(b => b.EmailKey).ToListAsync(ct);
        return [.. suppressed, .. blocked];
    }

    private string? NotPossible(ApplicationUser host, Screening screening)
    {
        if (host.IsSuspended)
        {
            return l["This account is suspended by the campaign's staff and cannot send invitations."];
        }

        if (!host.EmailConfirmed)
        {
            return l["Confirm your e-mail address first: open the link we sent you, or ask for a new one on your account page."];
        }

        if (screening.Status == ScreeningStatus.Cancelled)
        {
            return l["This screening is cancelled; no more invitations can be sent."];
        }

        if (screening.EndUtc <= Now)
        {
            return l["This screening is over; no more invitations can be sent."];
        }

        if (screening.IsHiddenFromGuests(host.IsSuspended))
        {
            return l["Guests cannot open this screening while staff have it offline. Edit it and send it for review before inviting anyone."];
        }

        return null;
    }

    private string Problem(EmailAddressProblem problem) => problem switch
    {
        EmailAddressProblem.MissingAt => l["no @ in it"],
        EmailAddressProblem.BadDomain => l["the part after @ is not a complete domain (like example.org)"],
        EmailAddressProblem.TooLong => l["too long for an e-mail address"],
        _ => l["not an e-mail address"],
    };

    /// <summary>Plain text with line breaks as LF; no other control characters (they have no business in a mail body).</summary>
    private static string? CleanMessage(string? message) => PlainText.MultiLine(message);
}
