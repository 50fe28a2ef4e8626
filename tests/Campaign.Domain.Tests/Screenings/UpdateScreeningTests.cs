using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class UpdateScreeningTests
{
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider clock = Given.Clock();

    private DateTime Now => clock.Now();

    [Fact]
    public void Capacity_below_seats_already_taken_is_refused()
    {
        var details = Given.Details(Now) with { Capacity = 4 };

        var errors = Screening.Check(details, Now, seatsTaken: 5, requireFutureStart: false);

        Assert.Contains("5 seats are already taken", Assert.Single(errors, e => e.Key == "Capacity").Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Capacity_equal_to_seats_already_taken_is_accepted()
    {
        var details = Given.Details(Now) with { Capacity = 5 };

        Assert.Empty(Screening.Check(details, Now, seatsTaken: 5, requireFutureStart: false));
    }

    [Fact]
    public void Description_change_on_a_listed_screening_keeps_it_listed_without_review()
    {
        var screening = Given.Listed(Now);
        clock.Advance(TimeSpan.FromHours(1));

        var changes = screening.Update(Given.Details(Now.AddHours(-1)) with { Description = "Now with a Q&A." }, hostIsTrusted: false, Now);

        Assert.False(changes.AnyListedChange);
        Assert.False(screening.NeedsReview);
        Assert.Null(screening.ChangesSinceReview);
        Assert.Equal("Now with a Q&A.", screening.Description);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Resaving_a_venue_with_blank_optional_fields_is_not_a_place_change()
    {
        // The edit form sends "" for an empty region or postal code; the screening stores null.
        var created = Given.Details(Now) with
        {
            Place = ScreeningPlace.Venue("Riverside Library", "12 Main Street", "Albany", region: null, postalCode: null, "US"),
        };
        var screening = Screening.Create(Given.HostId, created, hostIsTrusted: true, Now);
        var resaved = created with
        {
            Description = "Doors open at 18:30.",
            Place = created.Place with { Region = "", PostalCode = "" },
        };

        var changes = screening.Update(resaved, hostIsTrusted: true, Now);

        Assert.False(changes.PlaceChanged);
        Assert.False(screening.NeedsReview);
        Assert.Null(screening.Region);
    }

    [Fact]
    public void Resaving_the_same_title_with_stray_spaces_is_not_a_title_change()
    {
        var screening = Given.Listed(Now);

        var changes = screening.Update(Given.Details(Now) with { Title = " Community screening and discussion " }, hostIsTrusted: true, Now);

        Assert.False(changes.TitleChanged);
        Assert.False(screening.NeedsReview);
    }

    [Fact]
    public void Title_change_on_a_listed_screening_asks_staff_to_look_again()
    {
        var screening = Given.Listed(Now);
        var details = Given.Details(Now) with { Title = "A different title" };

        var changes = screening.Update(details, hostIsTrusted: true, Now);

        Assert.True(changes.TitleChanged);
        Assert.True(screening.NeedsReview);
        Assert.Equal("title", screening.ChangesSinceReview);
        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Time_change_on_a_listed_screening_asks_staff_to_look_again()
    {
        var screening = Given.Listed(Now);
        var details = Given.Details(Now);

        var changes = screening.Update(details with { StartUtc = details.StartUtc.AddHours(1), EndUtc = details.EndUtc.AddHours(1) }, hostIsTrusted: true, Now);

        Assert.True(changes.TimeChanged);
        Assert.False(changes.TitleChanged);
        Assert.False(changes.PlaceChanged);
        Assert.True(screening.NeedsReview);
        Assert.Equal("time", screening.ChangesSinceReview);
    }

    [Fact]
    public void Place_change_on_a_listed_screening_asks_staff_to_look_again()
    {
        var screening = Given.Listed(Now);
        var details = Given.Details(Now);

        var changes = screening.Update(details with { Place = details.Place with { StreetAddress = "99 River Road" } }, hostIsTrusted: true, Now);

        Assert.True(changes.PlaceChanged);
        Assert.True(screening.NeedsReview);
        Assert.Equal("place", screening.ChangesSinceReview);
        Assert.Equal("99 River Road", screening.StreetAddress);
    }

    [Fact]
    public void Successive_changes_on_a_listed_screening_all_show_in_the_review_note()
    {
        var screening = Given.Listed(Now);
        var details = Given.Details(Now);

        screening.Update(details with { Title = "New title" }, hostIsTrusted: true, Now);
        screening.Update(details with { Title = "New title", Place = ScreeningPlace.Online("https://meet.example.org/x") }, hostIsTrusted: true, Now);

        Assert.True(screening.NeedsReview);
        Assert.Equal("place, title", screening.ChangesSinceReview);
    }

    [Fact]
    public void Changes_to_a_screening_waiting_for_approval_do_not_flag_it()
    {
        var screening = Given.Pending(Now);

        screening.Update(Given.Details(Now) with { Title = "Fixed title" }, hostIsTrusted: false, Now);

        Assert.Equal(ModerationState.Pending, screening.Moderation);
        Assert.False(screening.NeedsReview);
    }

    [Fact]
    public void Rejected_screening_goes_back_to_the_queue_when_edited()
    {
        var screening = Given.Pending(Now);
        screening.Reject("The title is misleading.", Now);

        screening.Update(Given.Details(Now) with { Title = "A clearer title" }, hostIsTrusted: false, Now);

        Assert.Equal(ModerationState.Pending, screening.Moderation);
        Assert.False(screening.IsListed(Now));
    }

    [Fact]
    public void Public_screening_made_unlisted_leaves_moderation()
    {
        var screening = Given.Listed(Now);
        screening.Update(Given.Details(Now) with { Title = "Flag me" }, hostIsTrusted: true, Now);

        screening.Update(Given.Details(Now, ScreeningVisibility.Unlisted), hostIsTrusted: true, Now);

        Assert.Equal(ScreeningVisibility.Unlisted, screening.Visibility);
        Assert.Equal(ModerationState.NotRequired, screening.Moderation);
        Assert.False(screening.NeedsReview);
        Assert.Null(screening.ChangesSinceReview);
        Assert.False(screening.IsListed(Now));
    }

    [Fact]
    public void Unlisted_screening_made_public_by_trusted_host_is_listed_at_once()
    {
        var screening = Given.Unlisted(Now);

        screening.Update(Given.Details(Now, ScreeningVisibility.Public), hostIsTrusted: true, Now);

        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.True(screening.IsListed(Now));
    }

    [Fact]
    public void Unlisted_screening_made_public_by_untrusted_host_waits_for_approval()
    {
        var screening = Given.Unlisted(Now);

        screening.Update(Given.Details(Now, ScreeningVisibility.Public), hostIsTrusted: false, Now);

        Assert.Equal(ModerationState.Pending, screening.Moderation);
        Assert.False(screening.IsListed(Now));
    }

    [Fact]
    public void Cancelled_screening_cannot_be_changed()
    {
        var screening = Given.Listed(Now);
        screening.Cancel("Venue flooded.", Now);

        var ex = Assert.Throws<DomainException>(() => screening.Update(Given.Details(Now) with { Title = "Back on" }, hostIsTrusted: true, Now));

        Assert.Contains("cancelled", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Community screening and discussion", screening.Title);
    }

    [Fact]
    public void Screening_that_is_over_cannot_be_changed()
    {
        var created = Now;
        var screening = Given.Listed(created);
        clock.Advance(TimeSpan.FromDays(8));

        var ex = Assert.Throws<DomainException>(() => screening.Update(Given.Details(created) with { Description = "Thanks for coming" }, hostIsTrusted: true, Now));

        Assert.Contains("over", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Screening_under_way_can_still_get_a_new_description()
    {
        var created = Now;
        var screening = Given.Listed(created);
        clock.Advance(TimeSpan.FromDays(7).Add(TimeSpan.FromMinutes(30)));

        screening.Update(Given.Details(created) with { Description = "Running ten minutes late." }, hostIsTrusted: true, Now);

        Assert.Equal("Running ten minutes late.", screening.Description);
    }

    [Fact]
    public void Screening_cannot_be_moved_into_the_past()
    {
        var screening = Given.Listed(Now);
        var details = Given.Details(Now) with { StartUtc = Now.AddHours(-2), EndUtc = Now.AddHours(-1) };

        Assert.Throws<DomainException>(() => screening.Update(details, hostIsTrusted: true, Now));
        Assert.False(screening.NeedsReview);
    }

    [Fact]
    public void Every_change_bumps_the_version_and_update_time()
    {
        var screening = Given.Listed(Now);
        var version = screening.Version;
        clock.Advance(TimeSpan.FromMinutes(5));

        screening.Update(Given.Details(Now.AddMinutes(-5)) with { Description = "More" }, hostIsTrusted: true, Now);

        Assert.True(screening.Version > version);
        Assert.Equal(Now, screening.UpdatedAtUtc);
    }
}
