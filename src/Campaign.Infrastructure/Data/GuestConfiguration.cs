using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Infrastructure.Data;

internal sealed class RsvpConfiguration : IEntityTypeConfiguration<Rsvp>
{
    public void Configure(EntityTypeBuilder<Rsvp> b)
    {
        b.ToTable("Rsvps");
        b.HasKey(r => r.Id);
        b.HasOne<Screening>().WithMany().HasForeignKey(r => r.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.Name).HasMaxLength(Rsvp.NameMaxLength).IsRequired();
        b.Property(r => r.Email).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.Property(r => r.EmailKey).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        // One answer per address and screening: a second RSVP can never overwrite or duplicate the first.
        b.HasIndex(r => new { r.ScreeningId, r.EmailKey }).IsUnique();
        b.Property(r => r.GuestNames).HasMaxLength(2200);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.ManageToken).HasMaxLength(64).IsRequired();
        b.HasIndex(r => r.ManageToken).IsUnique();
        b.Property(r => r.Version).IsConcurrencyToken();
        b.HasIndex(r => new { r.ScreeningId, r.Status, r.WaitlistedAtUtc });
        b.Ignore(r => r.SeatsHeld);
        // An int, so the rows from before walk-ins read as Answer (0).
        b.Property(r => r.Source);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.ToTable("Invitations");
        b.HasKey(i => i.Id);
        b.HasOne<Screening>().WithMany().HasForeignKey(i => i.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        b.Property(i => i.Email).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.Property(i => i.EmailKey).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.HasIndex(i => new { i.ScreeningId, i.EmailKey }).IsUnique();
        b.Property(i => i.Token).HasMaxLength(64).IsRequired();
        b.HasIndex(i => i.Token).IsUnique();
        b.Property(i => i.Message).HasMaxLength(Invitation.MessageMaxLength);
        b.Property(i => i.Name).HasMaxLength(Invitation.NameMaxLength);
        b.Property(i => i.InvitedByUserId).HasMaxLength(450).IsRequired();
        b.HasIndex(i => new { i.InvitedByUserId, i.CreatedAtUtc });
        b.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.FailureReason).HasMaxLength(500);
    }
}

internal sealed class MailSuppressionConfiguration : IEntityTypeConfiguration<MailSuppression>
{
    public void Configure(EntityTypeBuilder<MailSuppression> b)
    {
        b.ToTable("MailSuppressions");
        b.HasKey(m => m.EmailKey);
        b.Property(m => m.EmailKey).HasMaxLength(Rsvp.EmailMaxLength);
    }
}

internal sealed class ScreeningMailBlockConfiguration : IEntityTypeConfiguration<ScreeningMailBlock>
{
    public void Configure(EntityTypeBuilder<ScreeningMailBlock> b)
    {
        b.ToTable("ScreeningMailBlocks");
        b.HasKey(m => new { m.ScreeningId, m.EmailKey });
        b.Property(m => m.EmailKey).HasMaxLength(Rsvp.EmailMaxLength);
        b.HasOne<Screening>().WithMany().HasForeignKey(m => m.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AbuseReportConfiguration : IEntityTypeConfiguration<AbuseReport>
{
    public void Configure(EntityTypeBuilder<AbuseReport> b)
    {
        b.ToTable("AbuseReports");
        b.HasKey(a => a.Id);
        b.Property(a => a.HostId).HasMaxLength(450).IsRequired();
        b.HasIndex(a => new { a.ResolvedAtUtc, a.CreatedAtUtc });
        b.HasOne<Screening>().WithMany().HasForeignKey(a => a.ScreeningId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.HasKey(m => m.Id);
        b.Property(m => m.ToAddress).HasMaxLength(Rsvp.EmailMaxLength).IsRequired();
        b.Property(m => m.ToName).HasMaxLength(200);
        b.Property(m => m.FromName).HasMaxLength(200);
        b.Property(m => m.Subject).HasMaxLength(300).IsRequired();
        b.Property(m => m.UnsubscribeUrl).HasMaxLength(500);
        b.Property(m => m.MessageId).HasMaxLength(200).IsRequired();
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.Property(m => m.Kind).HasMaxLength(40).IsRequired();
        b.HasIndex(m => new { m.Status, m.NextAttemptAtUtc });
        b.HasIndex(m => m.ClaimToken);
        b.HasIndex(m => m.ScreeningId);
        b.HasIndex(m => m.InvitationId);
        b.HasMany(m => m.Parts).WithOne().HasForeignKey(p => p.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class OutboxPartConfiguration : IEntityTypeConfiguration<OutboxPart>
{
    public void Configure(EntityTypeBuilder<OutboxPart> b)
    {
        b.ToTable("OutboxParts");
        b.HasKey(p => p.Id);
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.FileName).HasMaxLength(200).IsRequired();
        b.Property(p => p.ContentType).HasMaxLength(200).IsRequired();
        b.Property(p => p.ContentId).HasMaxLength(200);
        b.Property(p => p.Content).IsRequired();
        b.HasIndex(p => new { p.OutboxMessageId, p.Position });
    }
}
