using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Guests;

/// <summary>
/// Mails each confirmed guest once, <c>Campaign:ReminderHoursBefore</c> before the start. A guest who answered after
/// that moment gets none (they just had their confirmation). Each reminder is claimed with a conditional UPDATE
/// (ReminderSentAtUtc still null) inside the transaction that queues its mail, so two instances never both send it,
/// and a failure before the commit leaves it to the next run.
/// </summary>
public sealed class ReminderJob(IServiceScopeFactory scopes, TimeProvider clock, IOptions<CampaignOptions> options)
{
    public const int BatchSize = 100;

    /// <summary>Queues every reminder that is due; returns how many. Tests drive this with a fake clock.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // Mail text and dates are in the app's one language until guests can choose theirs.
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var (candidates, sent) = await RunBatchAsync(ct);
            total += sent;
            if (candidates < BatchSize)
            {
                break;
            }
        }

        return total;
    }

    private async Task<(int Candidates, int Sent)> RunBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var notices = scope.ServiceProvider.GetRequiredService<GuestNotices>();
        var outbox = scope.ServiceProvider.GetRequiredService<MailOutbox>();
        var calendar = scope.ServiceProvider.GetRequiredService<CalendarEntries>();
        var now = clock.GetUtcNow().UtcDateTime;
        var hours = options.Value.ReminderHoursBefore;
        var horizon = now.AddHours(hours);

        return await db.InTransactionAsync(async ct =>
        {
            // Confirmed before the window opened (start - lead): a later answer just had its confirmation mail.
            var due = await (
                    from r in db.Rsvps
                    join s in db.Screenings on r.ScreeningId equals s.Id
                    where r.Status == RsvpStatus.Confirmed && r.ReminderSentAtUtc == null && r.Email != ""
                        && s.Status == ScreeningStatus.Scheduled && s.StartUtc > now && s.StartUtc <= horizon
                        && r.CreatedAtUtc < s.StartUtc.AddHours(-hours)
                    orderby s.StartUtc, r.Id
                    select r.Id)
                .Take(BatchSize)
                .ToListAsync(ct);

            var claimed = new List<Guid>();
            foreach (var id in due)
            {
                var rows = await db.Rsvps
                    .Where(r => r.Id == id && r.Status == RsvpStatus.Confirmed && r.ReminderSentAtUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(r => r.ReminderSentAtUtc, now), ct);
                if (rows == 1)
                {
                    claimed.Add(id);
                }
            }

            if (claimed.Count > 0)
            {
                var rsvps = await db.Rsvps.Where(r => claimed.Contains(r.Id)).ToListAsync(ct);
                var screeningIds = rsvps.Select(r => r.ScreeningId).Distinct().ToList();
                var screenings = await db.Screenings.Where(s => screeningIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
                foreach (var rsvp in rsvps)
                {
                    var screening = screenings[rsvp.ScreeningId];
                    outbox.Add(notices.Reminder(rsvp, screening).With(await calendar.InvitationAsync(rsvp, screening, ct)), MailKinds.Reminder, screening.Id);
                    // Already set by the claim above; keeps the entity's own rule (once) in charge.
                    rsvp.MarkReminded(now);
                }

                await db.SaveChangesAsync(ct);
            }

            return (due.Count, claimed.Count);
        }, ct);
    }
}

/// <summary>Runs <see cref="ReminderJob"/> and <see cref="HostDigestJob"/> every minute (Campaign:RunBackgroundJobs).</summary>
public sealed class ReminderService(ReminderJob job, HostDigestJob digests, TimeProvider clock, ILogger<ReminderService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await job.RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // The loop must survive a database hiccup; unsent reminders stay unclaimed.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Sending reminders failed; trying again in a minute.");
            }

            try
            {
                await digests.RunOnceAsync(stoppingToken);
            }
#pragma warning disable CA1031 // As above: an unsent digest stays unclaimed for the next minute.
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Sending hosts' daily digests failed; trying again in a minute.");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
