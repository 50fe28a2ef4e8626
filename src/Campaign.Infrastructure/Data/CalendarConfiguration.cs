using Campaign.Domain.Calendar;
using Campaign.Domain.Rsvps;
using Campaign.Infrastructure.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Campaign.Infrastructure.Data;

internal sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.ToTable("CalendarFeeds");
        b.HasKey(f => f.Id);
        b.Property(f => f.UserId).HasMaxLength(450);
        b.HasOne<ApplicationUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(f => f.EmailKey).HasMaxLength(Rsvp.EmailMaxLength);
        b.Property(f => f.Token).HasMaxLength(64).IsRequired();
        b.HasIndex(f => f.Token).IsUnique();
        // One feed per owner: regenerating replaces the token in place, so an old URL cannot linger in a second row.
        b.HasIndex(f => f.UserId).IsUnique().HasFilter("[UserId] IS NOT NULL");
        b.HasIndex(f => f.EmailKey).IsUnique().HasFilter("[EmailKey] IS NOT NULL");
        b.ToTable(t => t.HasCheckConstraint("CK_CalendarFeeds_Owner", "([UserId] IS NULL AND [EmailKey] IS NOT NULL) OR ([UserId] IS NOT NULL AND [EmailKey] IS NULL)"));
    }
}
