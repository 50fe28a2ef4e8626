using Campaign.Domain.Calendar;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Mail;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

public sealed class CampaignDbContext(DbContextOptions<CampaignDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    public DbSet<Screening> Screenings => Set<Screening>();

    /// <summary>Slugs screenings no longer use (discreet mode), kept as redirects.</summary>
    public DbSet<FormerSlug> FormerSlugs => Set<FormerSlug>();

    public DbSet<Rsvp> Rsvps => Set<Rsvp>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<MailSuppression> MailSuppressions => Set<MailSuppression>();

    public DbSet<ScreeningMailBlock> ScreeningMailBlocks => Set<ScreeningMailBlock>();

    public DbSet<AbuseReport> AbuseReports => Set<AbuseReport>();

    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Campaign.Domain.Tickets.Ticket> Tickets => Set<Campaign.Domain.Tickets.Ticket>();

    public DbSet<Campaign.Domain.Tickets.CheckInScan> CheckInScans => Set<Campaign.Domain.Tickets.CheckInScan>();

    /// <summary>Nonces of deleted tickets, kept for the door's revocation list (added by SaveChanges itself).</summary>
    public DbSet<Campaign.Domain.Tickets.TicketTombstone> TicketTombstones => Set<Campaign.Domain.Tickets.TicketTombstone>();

    public DbSet<Campaign.Domain.Tickets.DoorLink> DoorLinks => Set<Campaign.Domain.Tickets.DoorLink>();

    public DbSet<Campaign.Domain.Tickets.CoHost> CoHosts => Set<Campaign.Domain.Tickets.CoHost>();

    public DbSet<Campaign.Infrastructure.Tickets.TicketSigningKey> TicketSigningKeys => Set<Campaign.Infrastructure.Tickets.TicketSigningKey>();

    /// <summary>Data Protection keys live in the database so cookies and links survive restarts and work across instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Set by <see cref="OutboxSignalInterceptor"/> while a SaveChanges that adds outbox rows runs.</summary>
    internal bool SavingMail { get; set; }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        KeepTombstones();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        KeepTombstones();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// Every ticket row deleted through the change tracker leaves its nonce behind, in the same SaveChanges, so offline
    /// door phones go on refusing it. (ExecuteDelete on Tickets would bypass this: delete tickets through the tracker.)
    /// </summary>
    private void KeepTombstones()
    {
        ChangeTracker.DetectChanges();
        var gone = ChangeTracker.Entries<Campaign.Domain.Tickets.Ticket>().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity).ToList();
        foreach (var ticket in gone)
        {
            TicketTombstones.Add(Campaign.Domain.Tickets.TicketTombstone.Of(ticket));
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CampaignDbContext).Assembly);
    }
}
