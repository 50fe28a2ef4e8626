using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Infrastructure.Data;

internal sealed class ScreeningConfiguration : IEntityTypeConfiguration<Screening>
{
    public void Configure(EntityTypeBuilder<Screening> b)
    {
        // The database itself never lets seats exceed capacity, whatever instance or request writes.
        b.ToTable("Screenings", t => t.HasCheckConstraint("CK_Screenings_Seats", "[SeatsTaken] >= 0 AND [SeatsTaken] <= [Capacity]"));
        b.HasKey(s => s.Id);
        b.Property(s => s.Slug).HasMaxLength(80).IsRequired();
        b.HasIndex(s => s.Slug).IsUnique();
        b.Property(s => s.CalendarUid).HasMaxLength(80).IsRequired();
        b.Property(s => s.WalkInToken).HasMaxLength(Screening.WalkInTokenLength).IsRequired();
        b.HasIndex(s => s.WalkInToken).IsUnique();
        b.Property(s => s.NeutralTitle).HasMaxLength(Screening.NeutralTitleMaxLength).IsRequired().HasDefaultValue(Screening.DefaultNeutralTitle);
        b.Property(s => s.HostId).HasMaxLength(450).IsRequired();
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.HostId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => s.HostId);
        b.Property(s => s.Title).HasMaxLength(Screening.TitleMaxLength).IsRequired();
        b.Property(s => s.Description).HasMaxLength(Screening.DescriptionMaxLength);
        b.Property(s => s.TimeZoneId).HasMaxLength(64).IsRequired();
        b.Property(s => s.VenueName).HasMaxLength(200);
        b.Property(s => s.StreetAddress).HasMaxLength(300);
        b.Property(s => s.City).HasMaxLength(120);
        b.Property(s => s.Region).HasMaxLength(120);
        b.Property(s => s.PostalCode).HasMaxLength(20);
        b.Property(s => s.CountryCode).HasMaxLength(2).IsFixedLength();
        b.Property(s => s.OnlineUrl).HasMaxLength(500);
        b.Property(s => s.AccessibilityNotes).HasMaxLength(Screening.NotesMaxLength);
        b.Property(s => s.ContentNote).HasMaxLength(Screening.NotesMaxLength);
        b.Property(s => s.ChangesSinceReview).HasMaxLength(100);
        b.Property(s => s.ModerationReason).HasMaxLength(Screening.ReasonMaxLength);
        b.Property(s => s.CancellationReason).HasMaxLength(Screening.ReasonMaxLength);
        b.Property(s => s.Visibility).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Moderation).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(s => s.HostedByName).HasMaxLength(Screening.HostedByMaxLength);
        // Existing screenings get the default, a daily digest.
        b.Property(s => s.HostNotice).HasConversion<string>().HasMaxLength(16).HasDefaultValue(HostNotice.DailyDigest);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.Ignore(s => s.Place);
        b.Ignore(s => s.SeatsLeft);
        // The directory: listed, soonest first.
        b.HasIndex(s => new { s.Visibility, s.Moderation, s.Status, s.StartUtc });
        b.HasIndex(s => new { s.Moderation, s.NeedsReview });
    }
}

internal sealed class FormerSlugConfiguration : IEntityTypeConfiguration<FormerSlug>
{
    public void Configure(EntityTypeBuilder<FormerSlug> b)
    {
        b.HasKey(f => f.Slug);
        b.Property(f => f.Slug).HasMaxLength(80);
        b.HasOne<Screening>().WithMany().HasForeignKey(f => f.ScreeningId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.ScreeningId);
    }
}

internal sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        b.Property(u => u.SuspensionReason).HasMaxLength(1000);
        b.Ignore(u => u.IsSuspended);
    }
}
