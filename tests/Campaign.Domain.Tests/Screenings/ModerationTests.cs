using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class ModerationTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Given.Clock();

    private DateTime Now => clock.Now();

    [Fact]
    public void Cancelled_screening_leaves_the_directory_and_keeps_the_reason()
    {
        var screening = Given.Listed(Now);

        screening.Cancel("  Venue flooded.  ", Now);

        Assert.Equal(ScreeningStatus.Cancelled, screening.Status);
        Assert.Equal("Venue flooded.", screening.CancellationReason);
        Assert.Equal(Now, screening.CancelledAtUtc);
        Assert.False(screening.IsListed(Now));
    }

    [Fact]
    public void Screening_can_be_cancelled_without_a_reason()
    {
        var screening = Given.Unlisted(Now);

        screening.Cancel(null, Now);

        Assert.Equal(ScreeningStatus.Cancelled, screening.Status);
        Assert.Null(screening.CancellationReason);
    }

    [Fact]
    public void Cancelled_screening_cannot_be_cancelled_again()
    {
        var screening = Given.Listed(Now);
        screening.Cancel("First", Now);

        Assert.Throws<DomainException>(() => screening.Cancel("Second", Now));
        Assert.Equal("First", screening.CancellationReason);
    }

    [Fact]
    public void Screening_that_is_over_cannot_be_cancelled()
    {
        var screening = Given.Listed(Now);
        clock.Advance(TimeSpan.FromDays(8));

        Assert.Throws<DomainException>(() => screening.Cancel("Too late", Now));
        Assert.Equal(ScreeningStatus.Scheduled, screening.Status);
    }

    [Fact]
    public void Approving_a_pending_screening_lists_it()
    {
        var screening = Given.Pending(Now);
        clock.Advance(TimeSpan.FromHours(3));

        screening.Approve(Now);

        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.Equal(Now, screening.ModeratedAtUtc);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Approving_a_flagged_screening_clears_the_flag()
    {
        var screening = Given.Listed(Now);
        screening.Update(Given.Details(Now) with { Title = "Renamed" }, hostIsTrusted: true, Now);

        screening.Approve(Now);

        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.False(screening.NeedsReview);
        Assert.Null(screening.ChangesSinceReview);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Approving_an_unlisted_screening_is_refused()
    {
        var screening = Given.Unlisted(Now);

        Assert.Throws<DomainException>(() => screening.Approve(Now));
        Assert.Equal(ModerationState.NotRequired, screening.Moderation);
    }

    [Fact]
    public void Approving_a_listed_screening_without_changes_is_refused()
    {
        var screening = Given.Listed(Now);

        Assert.Throws<DomainException>(() => screening.Approve(Now));
    }

    [Fact]
    public void Approving_a_rejected_screening_is_refused()
    {
        var screening = Given.Pending(Now);
        screening.Reject("Not about the film.", Now);

        Assert.Throws<DomainException>(() => screening.Approve(Now));
        Assert.Equal(ModerationState.Rejected, screening.Moderation);
    }

    [Fact]
    public void Approving_an_unpublished_screening_lists_it_again()
    {
        var screening = Given.Listed(Now);
        screening.Unpublish("Checking the venue.", Now);

        screening.Approve(Now);

        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.Null(screening.ModerationReason);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Rejecting_a_pending_screening_keeps_the_reason_for_the_host()
    {
        var screening = Given.Pending(Now);

        screening.Reject("  The address is incomplete.  ", Now);

        Assert.Equal(ModerationState.Rejected, screening.Moderation);
        Assert.Equal("The address is incomplete.", screening.ModerationReason);
        Assert.Equal(Now, screening.ModeratedAtUtc);
        Assert.False(screening.IsListed(Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Rejecting_without_a_reason_is_refused(string reason)
    {
        var screening = Given.Pending(Now);

        var ex = Assert.Throws<DomainException>(() => screening.Reject(reason, Now));

        Assert.Contains("reason", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ModerationState.Pending, screening.Moderation);
    }

    [Fact]
    public void Overlong_reason_is_cut_to_the_limit()
    {
        var screening = Given.Pending(Now);

        screening.Reject(new string('r', Screening.ReasonMaxLength + 50), Now);

        Assert.Equal(Screening.ReasonMaxLength, screening.ModerationReason!.Length);
    }

    [Fact]
    public void Only_a_pending_screening_can_be_rejected()
    {
        var listed = Given.Listed(Now);
        var unlisted = Given.Unlisted(Now);

        Assert.Throws<DomainException>(() => listed.Reject("No", Now));
        Assert.Throws<DomainException>(() => unlisted.Reject("No", Now));
        Assert.Equal(ModerationState.Approved, listed.Moderation);
    }

    [Fact]
    public void Unpublishing_a_listed_screening_takes_it_out_of_the_directory()
    {
        var screening = Given.Listed(Now);
        screening.Update(Given.Details(Now) with { Title = "Renamed" }, hostIsTrusted: true, Now);

        screening.Unpublish("The new title is off topic.", Now);

        Assert.Equal(ModerationState.Unpublished, screening.Moderation);
        Assert.Equal("The new title is off topic.", screening.ModerationReason);
        Assert.False(screening.NeedsReview);
        Assert.False(screening.IsListed(Now));
    }

    [Fact]
    public void Unpublishing_needs_a_reason()
    {
        var screening = Given.Listed(Now);

        Assert.Throws<DomainException>(() => screening.Unpublish(" ", Now));
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Unlisted_screening_cannot_be_unpublished()
    {
        var screening = Given.Unlisted(Now);

        Assert.Throws<DomainException>(() => screening.Unpublish("No", Now));
        Assert.Equal(ModerationState.NotRequired, screening.Moderation);
    }

    [Fact]
    public void Unpublished_screening_cannot_be_unpublished_again()
    {
        var screening = Given.Listed(Now);
        screening.Unpublish("First", Now);

        Assert.Throws<DomainException>(() => screening.Unpublish("Second", Now));
        Assert.Equal("First", screening.ModerationReason);
    }

    [Fact]
    public void Screening_waiting_for_approval_cannot_be_unpublished()
    {
        // It is not listed; staff reject it instead, which the host can answer by editing.
        var screening = Given.Pending(Now);

        Assert.Throws<DomainException>(() => screening.Unpublish("Off topic.", Now));
        Assert.Equal(ModerationState.Pending, screening.Moderation);
    }

    [Fact]
    public void Rejected_screening_cannot_be_unpublished()
    {
        var screening = Given.Pending(Now);
        screening.Reject("Off topic.", Now);

        Assert.Throws<DomainException>(() => screening.Unpublish("Still off topic.", Now));
        Assert.Equal(ModerationState.Rejected, screening.Moderation);
    }

    [Fact]
    public void Unlisted_screening_is_not_in_the_directory()
    {
        Assert.False(Given.Unlisted(Now).IsListed(Now));
    }

    [Fact]
    public void Pending_screening_is_not_in_the_directory()
    {
        Assert.False(Given.Pending(Now).IsListed(Now));
    }

    [Fact]
    public void Approved_upcoming_screening_is_in_the_directory()
    {
        Assert.True(Given.Listed(Now).IsListed(Now));
    }

    [Fact]
    public void Flagged_screening_stays_in_the_directory_while_staff_look()
    {
        var screening = Given.Listed(Now);
        screening.Update(Given.Details(Now) with { Title = "Renamed" }, hostIsTrusted: true, Now);

        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Approved_screening_leaves_the_directory_once_it_starts()
    {
        var screening = Given.Listed(Now);

        Assert.True(screening.IsListed(screening.StartUtc.AddTicks(-1)));
        Assert.False(screening.IsListed(screening.StartUtc));
        Assert.False(screening.IsListed(screening.EndUtc.AddDays(1)));
    }
}
