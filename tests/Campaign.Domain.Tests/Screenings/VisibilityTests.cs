using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class VisibilityTests : AtFixedTime
{
    [Fact]
    public void Guests_see_pending_and_unlisted_screenings_by_their_link()
    {
        Assert.False(Given.Pending(Now).IsHiddenFromGuests(hostSuspended: false));
        Assert.False(Given.Unlisted(Now).IsHiddenFromGuests(hostSuspended: false));
        Assert.False(Given.Listed(Now).IsHiddenFromGuests(hostSuspended: false));
    }

    [Fact]
    public void A_screening_staff_rejected_or_unpublished_is_hidden_from_guests()
    {
        var rejected = Given.Pending(Now);
        rejected.Reject("Not about the film.", Now);
        var unpublished = Given.Listed(Now);
        unpublished.Unpublish("Spam.", Now);

        Assert.True(rejected.IsHiddenFromGuests(hostSuspended: false));
        Assert.True(unpublished.IsHiddenFromGuests(hostSuspended: false));
    }

    [Fact]
    public void Every_screening_of_a_suspended_host_is_hidden_from_guests()
    {
        Assert.True(Given.Listed(Now).IsHiddenFromGuests(hostSuspended: true));
        Assert.True(Given.Unlisted(Now).IsHiddenFromGuests(hostSuspended: true));
    }

    [Fact]
    public void The_directory_filter_agrees_with_IsListed()
    {
        var listed = Given.Listed(Now);
        var screenings = new[] { listed, Given.Pending(Now), Given.Unlisted(Now) };

        foreach (var at in new[] { Now, listed.StartUtc.AddTicks(-1), listed.StartUtc, listed.EndUtc })
        {
            var filter = Screening.ListedAt(at).Compile();
            Assert.All(screenings, s => Assert.Equal(s.IsListed(at), filter(s)));
        }
    }

    [Fact]
    public void The_public_feed_keeps_a_listed_screening_until_it_ends()
    {
        var listed = Given.Listed(Now);

        Assert.True(Screening.InPublicFeedAt(listed.StartUtc).Compile()(listed));
        Assert.True(Screening.InPublicFeedAt(listed.EndUtc.AddTicks(-1)).Compile()(listed));
        Assert.False(Screening.InPublicFeedAt(listed.EndUtc).Compile()(listed));
        Assert.False(Screening.InPublicFeedAt(Now).Compile()(Given.Pending(Now)));
        Assert.False(Screening.InPublicFeedAt(Now).Compile()(Given.Unlisted(Now)));
    }

    [Fact]
    public void A_cancelled_screening_leaves_the_public_feed()
    {
        var listed = Given.Listed(Now);

        listed.Cancel(null, Now);

        Assert.False(Screening.InPublicFeedAt(Now).Compile()(listed));
    }
}
