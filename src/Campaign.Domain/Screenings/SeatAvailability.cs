namespace Campaign.Domain.Screenings;

/// <summary>What the public is told about seats: whether any are left, never how many (unless the host opts in).</summary>
public enum SeatAvailability
{
    /// <summary>Plenty of seats left.</summary>
    Available,

    /// <summary>Someone holds a seat and at most a tenth of the seats (rounded up) is left.</summary>
    AlmostFull,

    /// <summary>No seat left (also when more seats are taken than there are, which a capacity cut cannot cause but older rows might).</summary>
    Full,
}

/// <summary>The one rule for <see cref="SeatAvailability"/>.</summary>
public static class Seats
{
    /// <summary>
    /// Full when no seat is left; almost full when at least one seat is taken and the seats left are at most a tenth of
    /// the capacity, rounded up (1 of 1 to 10, 5 of 50, 100 of 1,000); otherwise available. So a one-seat screening
    /// goes from available straight to full, and an empty screening is never "almost full".
    /// </summary>
    public static SeatAvailability Availability(int capacity, int seatsTaken)
    {
        var left = capacity - seatsTaken;
        if (capacity <= 0 || left <= 0)
        {
            return SeatAvailability.Full;
        }

        var tenth = (capacity + 9) / 10;
        return seatsTaken > 0 && left <= tenth ? SeatAvailability.AlmostFull : SeatAvailability.Available;
    }
}
