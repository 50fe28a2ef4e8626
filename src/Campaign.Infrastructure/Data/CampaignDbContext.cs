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

    public DbSet<Campaign.Domain.Tickets.DoorLink> DoorLinks => Set<Campaign.Domain.Tickets.DoorLink>();

    public DbSet<Campaign.Domain.Tickets.CoHost> CoHosts => Set<Campaign.Domain.Tickets.CoHost>();

    public DbSet<Campaign.Infrastructure.Tickets.TicketSigningKey> TicketSigningKeys => Set<Campaign.Infrastructure.Tickets.TicketSigningKey>();

    /// <summary>Data Protection keys live in the database so cookies and links survive restarts and work across instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Set by <see cref="OutboxSignalInterceptor"/> while a SaveChanges that adds outbox rows runs.</summary>
    internal bool SavingMail { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CampaignDbContext).Assembly);
    }
}
