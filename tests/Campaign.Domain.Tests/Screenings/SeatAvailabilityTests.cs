using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

/// <summary>The one rule for what the public is told about seats (ADR 0024).</summary>
public sealed class SeatAvailabilityTests
{
    [Theory]
    // Nobody yet: available, even for a single seat.
    [InlineData(1, 0, SeatAvailability.Available)]
    [InlineData(50, 0, SeatAvailability.Available)]
    // A one-seat screening goes straight from available to full.
    [InlineData(1, 1, SeatAvailability.Full)]
    // "Almost full": at most a tenth of the seats left, rounded up.
    [InlineData(10, 8, SeatAvailability.Available)]
    [InlineData(10, 9, SeatAvailability.AlmostFull)]
    [InlineData(50, 44, SeatAvailability.Available)]
    [InlineData(50, 45, SeatAvailability.AlmostFull)]
    [InlineData(50, 49, SeatAvailability.AlmostFull)]
    [InlineData(15, 13, SeatAvailability.AlmostFull)]
    [InlineData(15, 12, SeatAvailability.Available)]
    [InlineData(1000, 900, SeatAvailability.AlmostFull)]
    [InlineData(1000, 899, SeatAvailability.Available)]
    // No seat left, and more seats taken than there are (an older row after a capacity cut): full, never negative.
    [InlineData(50, 50, SeatAvailability.Full)]
    [InlineData(3, 5, SeatAvailability.Full)]
    [InlineData(0, 0, SeatAvailability.Full)]
    public void Seats_are_available_almost_full_or_full(int capacity, int taken, SeatAvailability expected) =>
        Assert.Equal(expected, Seats.Availability(capacity, taken));

    [Fact]
    public void A_screening_keeps_the_host_choice_to_show_the_number_and_its_copy_does_too()
    {
        var now = new DateTime(2030, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        var details = new ScreeningDetails
        {
            Title = "Film and talk",
            StartUtc = now.AddDays(10),
            StartLocal = now.AddDays(10),
            EndUtc = now.AddDays(10).AddHours(2),
            TimeZoneId = "UTC",
            Place = ScreeningPlace.Online("https://meet.example.org/x"),
            Capacity = 20,
            ShowSeatsLeft = true,
        };
        var screening = Screening.Create("host", details, hostIsTrusted: true, now);
        Assert.True(screening.ShowSeatsLeft);
        Assert.Equal(SeatAvailability.Available, screening.Availability);
        Assert.True(screening.DuplicateDetails(now.AddDays(20), now.AddDays(20), "UTC").ShowSeatsLeft);

        screening.Update(details with { ShowSeatsLeft = false }, hostIsTrusted: true, now);
        Assert.False(screening.ShowSeatsLeft);
    }
}
