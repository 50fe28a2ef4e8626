using Campaign.Domain.Screenings;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Infrastructure.Data;

/// <summary>
/// Seats are taken and freed with single conditional UPDATE statements, never read-then-write, so they hold under
/// concurrent requests and several app instances; the CK_Screenings_Seats check constraint backs them up.
/// </summary>
public static class SeatLedger
{
    /// <summary>Takes <paramref name="seats"/> if they fit under the capacity; false when they do not (nothing changes).</summary>
    public static async Task<bool> TryTakeAsync(CampaignDbContext db, Guid screeningId, int seats, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (seats <= 0)
        {
            return seats == 0;
        }

        var rows = await db.Screenings
            .Where(s => s.Id == screeningId && s.SeatsTaken + seats <= s.Capacity)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + seats), ct);
        return rows == 1;
    }

    /// <summary>
    /// Like <see cref="TryTakeAsync"/>, and only while the screening <see cref="Screening.TakesAnswers"/> (not cancelled, before its deadline),
    /// so a caller that checked those before its transaction cannot take seats of a screening cancelled in between.
    /// </summary>
    public static Task<bool> TryTakeWhileOpenAsync(CampaignDbContext db, Guid screeningId, int seats, DateTime nowUtc, CancellationToken ct) =>
        TryTakeWhereAsync(db, screeningId, seats, Screening.TakingAnswersAt(nowUtc), ct);

    /// <summary>
    /// Like <see cref="TryTakeAsync"/>, and only while the screening <see cref="Screening.TakesWalkIns"/> (not cancelled,
    /// from an hour before the start to its end): the seats of a walk-in, whatever the RSVP deadline.
    /// </summary>
    public static Task<bool> TryTakeForWalkInAsync(CampaignDbContext db, Guid screeningId, int seats, DateTime nowUtc, CancellationToken ct) =>
        TryTakeWhereAsync(db, screeningId, seats, Screening.TakingWalkInsAt(nowUtc), ct);

    /// <summary>The one conditional UPDATE: the seats fit under the capacity and the screening meets <paramref name="rule"/>.</summary>
    private static async Task<bool> TryTakeWhereAsync(CampaignDbContext db, Guid screeningId, int seats, System.Linq.Expressions.Expression<Func<Screening, bool>> rule, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seats);
        var rows = await db.Screenings
            .Where(s => s.Id == screeningId && s.SeatsTaken + seats <= s.Capacity)
            .Where(rule)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken + seats), ct);
        return rows == 1;
    }

    /// <summary>Gives <paramref name="seats"/> back.</summary>
    public static async Task ReleaseAsync(CampaignDbContext db, Guid screeningId, int seats, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (seats <= 0)
        {
            return;
        }

        await db.Screenings
            .Where(s => s.Id == screeningId && s.SeatsTaken >= seats)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SeatsTaken, s => s.SeatsTaken - seats), ct);
    }

    /// <summary>The current count, read fresh from the database (the tracked entity may be stale after the updates above).</summary>
    public static Task<int> SeatsTakenAsync(CampaignDbContext db, Guid screeningId, CancellationToken ct) =>
        db.Screenings.Where(s => s.Id == screeningId).Select(s => s.SeatsTaken).SingleAsync(ct);
}
