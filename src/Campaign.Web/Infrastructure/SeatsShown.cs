using Campaign.Domain.Screenings;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Seats as a public page shows them (<c>Features/Shared/_Seats.cshtml</c>): "Seats available" / "Almost full" / "Full"
/// (<see cref="Seats.Availability"/>), and the number left only when the host chose to show it.
/// </summary>
public sealed record SeatsShown(int Capacity, int SeatsTaken, bool ShowCount)
{
    public static SeatsShown Of(Screening screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return new(screening.Capacity, screening.SeatsTaken, screening.ShowSeatsLeft);
    }

    public SeatAvailability Availability => Seats.Availability(Capacity, SeatsTaken);

    /// <summary>Never below zero, even when more seats are taken than there are.</summary>
    public int Left => Math.Max(0, Capacity - SeatsTaken);
}
