using Campaign.Domain.Screenings;
using Microsoft.Extensions.Time.Testing;

namespace Campaign.Domain.Tests.Screenings;

/// <summary>Valid screenings a week ahead of a fixed "now", to be bent one field at a time.</summary>
internal static class Given
{
    public const string HostId = "host-1";

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 1, 10, 12, 0, 0, TimeSpan.Zero));

    public static DateTime Now(this FakeTimeProvider clock) => clock.GetUtcNow().UtcDateTime;

    public static ScreeningDetails Details(DateTime nowUtc, ScreeningVisibility visibility = ScreeningVisibility.Public)
    {
        var start = nowUtc.AddDays(7);
        return new ScreeningDetails
        {
            Title = "Community screening and discussion",
            Description = "The film, then a conversation with local advocates.",
            StartUtc = start,
            StartLocal = DateTime.SpecifyKind(start.AddHours(-5), DateTimeKind.Unspecified),
            EndUtc = start.AddHours(2),
            TimeZoneId = "America/New_York",
            Place = ScreeningPlace.Venue("Riverside Library", "12 Main Street", "Albany", "NY", "12207", "US"),
            Capacity = 40,
            MaxPlusOnes = 2,
            Visibility = visibility,
        };
    }

    public static Screening Unlisted(DateTime nowUtc) =>
        Screening.Create(HostId, Details(nowUtc, ScreeningVisibility.Unlisted), hostIsTrusted: false, nowUtc);

    public static Screening Pending(DateTime nowUtc) =>
        Screening.Create(HostId, Details(nowUtc), hostIsTrusted: false, nowUtc);

    public static Screening Listed(DateTime nowUtc) =>
        Screening.Create(HostId, Details(nowUtc), hostIsTrusted: true, nowUtc);
}
