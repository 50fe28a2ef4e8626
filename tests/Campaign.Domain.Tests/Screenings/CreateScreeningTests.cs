using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class CreateScreeningTests
{
    private readonly DateTime now = Given.Clock().Now();

    [Fact]
    public void Unlisted_screening_needs_no_moderation()
    {
        var screening = Screening.Create(Given.HostId, Given.Details(now, ScreeningVisibility.Unlisted), hostIsTrusted: false, now);

        Assert.Equal(ModerationState.NotRequired, screening.Moderation);
        Assert.Equal(ScreeningStatus.Scheduled, screening.Status);
        Assert.False(screening.IsListed(now));
    }

    [Fact]
    public void Public_screening_by_untrusted_host_waits_for_approval()
    {
        var screening = Screening.Create(Given.HostId, Given.Details(now), hostIsTrusted: false, now);

        Assert.Equal(ModerationState.Pending, screening.Moderation);
        Assert.False(screening.IsListed(now));
    }

    [Fact]
    public void Public_screening_by_trusted_host_is_listed_at_once()
    {
        var screening = Screening.Create(Given.HostId, Given.Details(now), hostIsTrusted: true, now);

        Assert.Equal(ModerationState.Approved, screening.Moderation);
        Assert.True(screening.IsListed(now));
    }

    [Fact]
    public void Created_screening_keeps_what_the_host_entered()
    {
        var details = Given.Details(now) with { Title = "  Evening screening  " };

        var screening = Screening.Create(Given.HostId, details, hostIsTrusted: false, now);

        Assert.Equal("Evening screening", screening.Title);
        Assert.Equal(Given.HostId, screening.HostId);
        Assert.Equal(details.StartUtc, screening.StartUtc);
        Assert.Equal(DateTimeKind.Utc, screening.StartUtc.Kind);
        Assert.Equal(40, screening.SeatsLeft);
        Assert.Equal("Albany", screening.City);
        Assert.Equal("US", screening.CountryCode);
        Assert.Null(screening.OnlineUrl);
    }

    [Fact]
    public void Online_screening_keeps_its_link_and_no_address()
    {
        var details = Given.Details(now) with { Place = ScreeningPlace.Online("https://meet.example.org/jane-doe") };

        var screening = Screening.Create(Given.HostId, details, hostIsTrusted: false, now);

        Assert.True(screening.IsOnline);
        Assert.Equal("https://meet.example.org/jane-doe", screening.OnlineUrl);
        Assert.Null(screening.StreetAddress);
        Assert.Null(screening.City);
    }

    [Fact]
    public void Screening_without_a_title_is_refused()
    {
        AssertRefused(Given.Details(now) with { Title = "   " }, "Title", "title");
    }

    [Fact]
    public void Title_longer_than_the_limit_is_refused()
    {
        AssertRefused(Given.Details(now) with { Title = new string('x', Screening.TitleMaxLength + 1) }, "Title", "at most 140");
    }

    [Fact]
    public void Title_at_the_limit_is_accepted()
    {
        AssertAccepted(Given.Details(now) with { Title = new string('x', Screening.TitleMaxLength) });
    }

    [Fact]
    public void Screening_that_ends_before_it_starts_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { EndUtc = details.StartUtc.AddMinutes(-1) }, "EndUtc", "end must be after the start");
    }

    [Fact]
    public void Screening_that_ends_when_it_starts_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { EndUtc = details.StartUtc }, "EndUtc", "end must be after the start");
    }

    [Fact]
    public void Screening_longer_than_a_day_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { EndUtc = details.StartUtc.AddHours(24).AddMinutes(1) }, "EndUtc", "24 hours");
    }

    [Fact]
    public void Screening_starting_in_the_past_is_refused()
    {
        var details = Given.Details(now) with { StartUtc = now.AddHours(-1), EndUtc = now.AddHours(1) };

        AssertRefused(details, "StartUtc", "future");
    }

    [Fact]
    public void Screening_starting_right_now_is_refused()
    {
        var details = Given.Details(now) with { StartUtc = now, EndUtc = now.AddHours(2) };

        AssertRefused(details, "StartUtc", "future");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void Capacity_outside_one_to_ten_thousand_is_refused(int capacity)
    {
        AssertRefused(Given.Details(now) with { Capacity = capacity }, "Capacity", "Capacity must be between 1 and");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void Capacity_from_one_to_ten_thousand_is_accepted(int capacity)
    {
        AssertAccepted(Given.Details(now) with { Capacity = capacity });
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public void Plus_ones_outside_zero_to_twenty_are_refused(int plusOnes)
    {
        AssertRefused(Given.Details(now) with { MaxPlusOnes = plusOnes }, "MaxPlusOnes", "Plus-ones must be between 0 and 20");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void Plus_ones_from_zero_to_twenty_are_accepted(int plusOnes)
    {
        AssertAccepted(Given.Details(now) with { MaxPlusOnes = plusOnes });
    }

    [Fact]
    public void Rsvp_deadline_after_the_start_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { RsvpDeadlineUtc = details.StartUtc.AddMinutes(1) }, "RsvpDeadlineUtc", "deadline cannot be after the start");
    }

    [Fact]
    public void Rsvp_deadline_at_the_start_is_accepted()
    {
        var details = Given.Details(now);

        AssertAccepted(details with { RsvpDeadlineUtc = details.StartUtc });
    }

    [Fact]
    public void Venue_without_city_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { Place = details.Place with { City = "" } }, "City", "city");
    }

    [Fact]
    public void Venue_without_street_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { Place = details.Place with { StreetAddress = null } }, "StreetAddress", "street address");
    }

    [Fact]
    public void Venue_without_name_is_refused()
    {
        var details = Given.Details(now);

        AssertRefused(details with { Place = details.Place with { VenueName = " " } }, "VenueName", "venue");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("USA")]
    [InlineData("u1")]
    public void Venue_without_a_valid_country_is_refused(string? country)
    {
        var details = Given.Details(now);

        AssertRefused(details with { Place = details.Place with { CountryCode = country } }, "CountryCode", "country");
    }

    [Theory]
    [InlineData("meet.example.org/jane-doe")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://files.example.org/film")]
    [InlineData("")]
    public void Online_screening_without_a_web_link_is_refused(string url)
    {
        AssertRefused(Given.Details(now) with { Place = ScreeningPlace.Online(url) }, "OnlineUrl", "https://");
    }

    [Fact]
    public void Online_screening_with_a_plain_http_link_is_accepted()
    {
        AssertAccepted(Given.Details(now) with { Place = ScreeningPlace.Online("http://meet.example.org/jane-doe") });
    }

    [Fact]
    public void Check_names_every_broken_field_at_once()
    {
        var details = Given.Details(now) with { Title = "", Capacity = 0, MaxPlusOnes = 99 };

        var errors = Screening.Check(details, now, seatsTaken: 0, requireFutureStart: true);

        Assert.Equal(["Capacity", "MaxPlusOnes", "Title"], errors.Keys.Order(StringComparer.Ordinal));
    }

    private void AssertRefused(ScreeningDetails details, string field, string messagePart)
    {
        var errors = Screening.Check(details, now, seatsTaken: 0, requireFutureStart: true);
        Assert.Equal(field, Assert.Single(errors).Key);
        Assert.Contains(messagePart, errors[field], StringComparison.OrdinalIgnoreCase);

        var ex = Assert.Throws<DomainException>(() => Screening.Create(Given.HostId, details, hostIsTrusted: true, now));
        Assert.Contains(messagePart, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    private void AssertAccepted(ScreeningDetails details)
    {
        Assert.Empty(Screening.Check(details, now, seatsTaken: 0, requireFutureStart: true));
        Assert.NotNull(Screening.Create(Given.HostId, details, hostIsTrusted: false, now));
    }
}
