using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Infrastructure.Data;

internal sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> b)
    {
        b.ToTable("Tickets");
        b.HasKey(t => t.Id);
        b.Property(t => t.HolderName).HasMaxLength(Ticket.NameMaxLength);
        b.Property(t => t.BookerName).HasMaxLength(Ticket.NameMaxLength).IsRequired();
        b.Property(t => t.Nonce).HasMaxLength(32).IsRequired();
        b.Property(t => t.Code).HasMaxLength(200).IsRequired();
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.CheckedInDoor).HasMaxLength(Ticket.DoorMaxLength);
        b.Property(t => t.Version).IsConcurrencyToken();
        b.HasIndex(t => t.Nonce).IsUnique();
        // Covers the door's live counts (valid tickets, and those checked in) without touching the table.
        b.HasIndex(t => new { t.ScreeningId, t.Status, t.CheckedInAtUtc });
        b.HasIndex(t => new { t.RsvpId, t.Number });
        b.HasOne<Screening>().WithMany().HasForeignKey(t => t.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Rsvp>().WithMany().HasForeignKey(t => t.RsvpId).OnDelete(DeleteBehavior.NoAction);
    }
}

internal sealed class CheckInScanConfiguration : IEntityTypeConfiguration<CheckInScan>
{
    public void Configure(EntityTypeBuilder<CheckInScan> b)
    {
        b.ToTable("CheckInScans");
        b.HasKey(s => s.Id);
        b.Property(s => s.ScanId).HasMaxLength(CheckInScan.ScanIdMaxLength);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.Property(s => s.Door).HasMaxLength(Ticket.DoorMaxLength);
        b.Property(s => s.Outcome).HasMaxLength(32).IsRequired();
        b.Property(s => s.WalkInName).HasMaxLength(Ticket.NameMaxLength);
        b.HasIndex(s => new { s.ScreeningId, s.ScanId }).IsUnique();
        b.HasIndex(s => s.TicketId);
        b.HasOne<Screening>().WithMany().HasForeignKey(s => s.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketTombstoneConfiguration : IEntityTypeConfiguration<TicketTombstone>
{
    public void Configure(EntityTypeBuilder<TicketTombstone> b)
    {
        b.ToTable("TicketTombstones");
        b.HasKey(t => t.Id);
        b.Property(t => t.Nonce).HasMaxLength(32).IsRequired();
        b.HasIndex(t => new { t.ScreeningId, t.Nonce });
        b.HasOne<Screening>().WithMany().HasForeignKey(t => t.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DoorLinkConfiguration : IEntityTypeConfiguration<DoorLink>
{
    public void Configure(EntityTypeBuilder<DoorLink> b)
    {
        b.ToTable("DoorLinks");
        b.HasKey(d => d.Id);
        b.Property(d => d.Name).HasMaxLength(DoorLink.NameMaxLength).IsRequired();
        b.Property(d => d.Token).HasMaxLength(64).IsRequired();
        b.HasIndex(d => d.Token).IsUnique();
        b.HasIndex(d => d.ScreeningId);
        b.HasOne<Screening>().WithMany().HasForeignKey(d => d.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoHostConfiguration : IEntityTypeConfiguration<CoHost>
{
    public void Configure(EntityTypeBuilder<CoHost> b)
    {
        b.ToTable("CoHosts");
        b.HasKey(c => c.Id);
        b.Property(c => c.Email).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.Property(c => c.EmailKey).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.HasIndex(c => new { c.ScreeningId, c.EmailKey }).IsUnique();
        b.HasIndex(c => c.EmailKey);
        b.HasOne<Screening>().WithMany().HasForeignKey(c => c.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TicketSigningKeyConfiguration : IEntityTypeConfiguration<TicketSigningKey>
{
    public void Configure(EntityTypeBuilder<TicketSigningKey> b)
    {
        b.ToTable("TicketSigningKeys");
        b.HasKey(k => k.KeyId);
        b.Property(k => k.KeyId).ValueGeneratedNever();
        b.Property(k => k.PublicKey).HasMaxLength(200).IsRequired();
        b.Property(k => k.ProtectedPrivateKey).HasMaxLength(2000).IsRequired();
    }
}
