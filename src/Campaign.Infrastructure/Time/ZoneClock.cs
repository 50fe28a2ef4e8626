using System.Globalization;
using NodaTime;
using NodaTime.Text;
using NodaTime.TimeZones;

namespace Campaign.Infrastructure.Time;

/// <summary>IANA zone math and display with NodaTime's TZDB (Linux's TimeZoneInfo has no abbreviations).</summary>
public static class ZoneClock
{
    private static readonly IDateTimeZoneProvider Tzdb = DateTimeZoneProviders.Tzdb;

    public static IReadOnlyList<string> ZoneIds { get; } =
        TzdbDateTimeZoneSource.Default.ZoneLocations?
            .Select(l => l.ZoneId)
            .Concat(["UTC"])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray()
        ?? Tzdb.Ids.ToArray();

    public const int MinYear = 1900;
    public const int MaxYear = 9000;

    public static bool IsKnownZone(string? zoneId) => zoneId is not null && Tzdb.GetZoneOrNull(zoneId) is not null;

    /// <summary>Maps a wall-clock time in a zone to UTC; fails for times skipped by a DST change. Ambiguous times take the earlier instant.</summary>
    public static ZoneMapping ToUtc(DateTime localWallClock, string zoneId)
    {
        var zone = Tzdb.GetZoneOrNull(zoneId);
        if (zone is null)
        {
            return new ZoneMapping(null, $"'{zoneId}' is not a known time zone.");
        }

        // Days this close to DateTime's ends can overflow in the zone's offset; no screening is there.
        if (localWallClock.Year is < MinYear or > MaxYear)
        {
            return new ZoneMapping(null, string.Create(CultureInfo.InvariantCulture, $"Choose a date between the years {MinYear} and {MaxYear}."));
        }

        var local = LocalDateTime.FromDateTime(DateTime.SpecifyKind(localWallClock, DateTimeKind.Unspecified));
        var mapping = zone.MapLocal(local);
        if (mapping.Count == 0)
        {
            return new ZoneMapping(null, string.Create(CultureInfo.InvariantCulture, $"{localWallClock:HH:mm} does not exist on that day in {zoneId}: the clocks go forward. Choose another time."));
        }

        return new ZoneMapping(mapping.First().ToDateTimeUtc(), null);
    }

    /// <summary>The wall-clock time in the zone (for editing forms).</summary>
    public static DateTime ToLocal(DateTime utc, string zoneId)
    {
        var zone = Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        return Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).ToDateTimeUnspecified();
    }

    /// <summary>The zone's abbreviation at that instant, e.g. EDT, EST, IST, AEDT, or "+1030".</summary>
    public static string Abbreviation(DateTime utc, string zoneId)
    {
        var zone = Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        return zone.GetZoneInterval(Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc))).Name;
    }

    /// <summary>"Saturday, 14 March 2026, 19:00 EDT" in the given culture.</summary>
    public static string Format(DateTime utc, string zoneId, CultureInfo culture)
    {
        var local = ToLocal(utc, zoneId);
        return string.Create(culture, $"{local.ToString("dddd, d MMMM yyyy, HH:mm", culture)} {Abbreviation(utc, zoneId)}");
    }

    /// <summary>"19:04 EDT": a time of day in the screening's zone (check-ins, door verdicts).</summary>
    public static string FormatTime(DateTime utc, string zoneId, CultureInfo culture) =>
        string.Create(culture, $"{ToLocal(utc, zoneId).ToString("HH:mm", culture)} {Abbreviation(utc, zoneId)}");

    /// <summary>"19:00–21:00 EDT", or with the end's date when it ends on another day.</summary>
    public static string FormatRange(DateTime startUtc, DateTime endUtc, string zoneId, CultureInfo culture)
    {
        var start = ToLocal(startUtc, zoneId);
        var end = ToLocal(endUtc, zoneId);
        var startAbbr = Abbreviation(startUtc, zoneId);
        var endAbbr = Abbreviation(endUtc, zoneId);
        var day = start.ToString("dddd, d MMMM yyyy", culture);
        if (start.Date == end.Date && startAbbr == endAbbr)
        {
            return string.Create(culture, $"{day}, {start.ToString("HH:mm", culture)}–{end.ToString("HH:mm", culture)} {startAbbr}");
        }

        return string.Create(culture, $"{day}, {start.ToString("HH:mm", culture)} {startAbbr} – {end.ToString("dddd, d MMMM yyyy, HH:mm", culture)} {endAbbr}");
    }

    public static string OffsetText(DateTime utc, string zoneId)
    {
        var zone = Tzdb.GetZoneOrNull(zoneId) ?? DateTimeZone.Utc;
        var offset = zone.GetUtcOffset(Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
        return "UTC" + OffsetPattern.CreateWithInvariantCulture("+HH:mm").Format(offset);
    }
}

public sealed record ZoneMapping(DateTime? Utc, string? Error);
