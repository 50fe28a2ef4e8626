using System.Globalization;
using Campaign.Infrastructure.Time;

namespace Campaign.Domain.Tests.Time;

public class ZoneClockTests
{
    private static DateTime Local(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);

    private static DateTime Utc(int year, int month, int day, int hour, int minute) =>
        new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("America/New_York", 2026, 7, 4, 19, 0, 2026, 7, 4, 23, 0)]
    [InlineData("America/New_York", 2026, 1, 15, 19, 0, 2026, 1, 16, 0, 0)]
    [InlineData("Europe/London", 2026, 7, 1, 19, 0, 2026, 7, 1, 18, 0)]
    [InlineData("Europe/London", 2026, 1, 15, 19, 0, 2026, 1, 15, 19, 0)]
    [InlineData("Australia/Sydney", 2026, 1, 15, 19, 0, 2026, 1, 15, 8, 0)]
    [InlineData("Australia/Sydney", 2026, 7, 15, 19, 0, 2026, 7, 15, 9, 0)]
    [InlineData("Asia/Kolkata", 2026, 7, 15, 19, 0, 2026, 7, 15, 13, 30)]
    [InlineData("Asia/Kolkata", 2026, 1, 15, 19, 0, 2026, 1, 15, 13, 30)]
    [InlineData("Australia/Lord_Howe", 2026, 1, 15, 19, 0, 2026, 1, 15, 8, 0)]
    [InlineData("Australia/Lord_Howe", 2026, 7, 15, 19, 0, 2026, 7, 15, 8, 30)]
    public void Wall_clock_time_maps_to_the_right_instant_in_summer_and_winter(
        string zone, int y, int mo, int d, int h, int mi, int uy, int umo, int ud, int uh, int umi)
    {
        var mapping = ZoneClock.ToUtc(Local(y, mo, d, h, mi), zone);

        Assert.Null(mapping.Error);
        Assert.Equal(Utc(uy, umo, ud, uh, umi), mapping.Utc);
        Assert.Equal(DateTimeKind.Utc, mapping.Utc!.Value.Kind);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, 2, 30)]
    [InlineData("Europe/London", 2026, 3, 29, 1, 30)]
    [InlineData("Australia/Sydney", 2026, 10, 4, 2, 30)]
    [InlineData("Australia/Lord_Howe", 2026, 10, 4, 2, 15)]
    public void Time_skipped_when_clocks_go_forward_is_refused_with_a_reason(string zone, int y, int mo, int d, int h, int mi)
    {
        var mapping = ZoneClock.ToUtc(Local(y, mo, d, h, mi), zone);

        Assert.Null(mapping.Utc);
        Assert.NotNull(mapping.Error);
        Assert.Contains("clocks go forward", mapping.Error, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{h:00}:{mi:00}"), mapping.Error, StringComparison.Ordinal);
        Assert.Contains(zone, mapping.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", 2026, 11, 1, 1, 30, 2026, 11, 1, 5, 30)]
    [InlineData("Europe/London", 2026, 10, 25, 1, 30, 2026, 10, 25, 0, 30)]
    [InlineData("Australia/Sydney", 2026, 4, 5, 2, 30, 2026, 4, 4, 15, 30)]
    [InlineData("Australia/Lord_Howe", 2026, 4, 5, 1, 45, 2026, 4, 4, 14, 45)]
    public void Time_repeated_when_clocks_go_back_takes_the_earlier_instant(
        string zone, int y, int mo, int d, int h, int mi, int uy, int umo, int ud, int uh, int umi)
    {
        var mapping = ZoneClock.ToUtc(Local(y, mo, d, h, mi), zone);

        Assert.Null(mapping.Error);
        Assert.Equal(Utc(uy, umo, ud, uh, umi), mapping.Utc);
    }

    [Fact]
    public void Ambiguous_new_york_time_is_read_as_daylight_time()
    {
        var utc = ZoneClock.ToUtc(Local(2026, 11, 1, 1, 30), "America/New_York").Utc!.Value;

        Assert.Equal("EDT", ZoneClock.Abbreviation(utc, "America/New_York"));
    }

    [Fact]
    public void Wall_clock_time_comes_back_unchanged_from_utc()
    {
        var local = Local(2026, 10, 4, 3, 15);
        var utc = ZoneClock.ToUtc(local, "Australia/Sydney").Utc!.Value;

        Assert.Equal(local, ZoneClock.ToLocal(utc, "Australia/Sydney"));
    }

    [Fact]
    public void Unknown_zone_is_refused()
    {
        var mapping = ZoneClock.ToUtc(Local(2026, 7, 4, 19, 0), "Mars/Olympus_Mons");

        Assert.Null(mapping.Utc);
        Assert.Contains("not a known time zone", mapping.Error, StringComparison.Ordinal);
        Assert.Contains("Mars/Olympus_Mons", mapping.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/New_York", true)]
    [InlineData("Europe/London", true)]
    [InlineData("Australia/Lord_Howe", true)]
    [InlineData("Asia/Kolkata", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("america/new_york", false)]
    public void Known_zones_are_recognised(string? zone, bool known)
    {
        Assert.Equal(known, ZoneClock.IsKnownZone(zone));
    }

    [Fact]
    public void Zone_list_offers_the_common_zones_in_order()
    {
        Assert.Contains("America/New_York", ZoneClock.ZoneIds);
        Assert.Contains("Asia/Kolkata", ZoneClock.ZoneIds);
        Assert.Contains("UTC", ZoneClock.ZoneIds);
        Assert.Equal(ZoneClock.ZoneIds.Order(StringComparer.Ordinal), ZoneClock.ZoneIds);
        Assert.All(ZoneClock.ZoneIds, id => Assert.True(ZoneClock.IsKnownZone(id)));
    }

    [Theory]
    [InlineData("America/New_York", 2026, 7, 4, "EDT")]
    [InlineData("America/New_York", 2026, 1, 15, "EST")]
    [InlineData("Europe/London", 2026, 7, 1, "BST")]
    [InlineData("Europe/London", 2026, 1, 15, "GMT")]
    [InlineData("Australia/Sydney", 2026, 1, 15, "AEDT")]
    [InlineData("Australia/Sydney", 2026, 7, 15, "AEST")]
    [InlineData("Asia/Kolkata", 2026, 7, 15, "IST")]
    [InlineData("Asia/Kolkata", 2026, 1, 15, "IST")]
    [InlineData("Australia/Lord_Howe", 2026, 1, 15, "+11")]
    [InlineData("Australia/Lord_Howe", 2026, 7, 15, "+1030")]
    public void Abbreviation_follows_the_season(string zone, int y, int mo, int d, string abbreviation)
    {
        Assert.Equal(abbreviation, ZoneClock.Abbreviation(Utc(y, mo, d, 12, 0), zone));
    }

    [Theory]
    [InlineData("Asia/Kolkata", "UTC+05:30")]
    [InlineData("America/New_York", "UTC-04:00")]
    [InlineData("Australia/Lord_Howe", "UTC+10:30")]
    public void Offset_text_shows_half_hours(string zone, string text)
    {
        Assert.Equal(text, ZoneClock.OffsetText(Utc(2026, 7, 15, 12, 0), zone));
    }

    [Theory]
    [InlineData("")]
    [InlineData("en")]
    public void Format_shows_local_time_and_abbreviation(string cultureName)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);

        var text = ZoneClock.Format(Utc(2026, 3, 14, 23, 0), "America/New_York", culture);

        Assert.Equal("Saturday, 14 March 2026, 19:00 EDT", text);
    }

    [Fact]
    public void Format_in_winter_shows_standard_time()
    {
        var text = ZoneClock.Format(Utc(2026, 1, 16, 0, 0), "America/New_York", CultureInfo.InvariantCulture);

        Assert.Equal("Thursday, 15 January 2026, 19:00 EST", text);
    }

    [Fact]
    public void Format_for_india_shows_half_hour_offset_time_and_ist()
    {
        var text = ZoneClock.Format(Utc(2026, 7, 15, 13, 30), "Asia/Kolkata", CultureInfo.InvariantCulture);

        Assert.Equal("Wednesday, 15 July 2026, 19:00 IST", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("en")]
    public void Range_on_one_day_shows_the_date_once(string cultureName)
    {
        var culture = CultureInfo.GetCultureInfo(cultureName);

        var text = ZoneClock.FormatRange(Utc(2026, 3, 14, 23, 0), Utc(2026, 3, 15, 1, 0), "America/New_York", culture);

        Assert.Equal("Saturday, 14 March 2026, 19:00–21:00 EDT", text);
    }

    [Fact]
    public void Range_past_midnight_shows_both_dates()
    {
        var text = ZoneClock.FormatRange(Utc(2026, 7, 15, 12, 0), Utc(2026, 7, 15, 15, 0), "Australia/Sydney", CultureInfo.InvariantCulture);

        Assert.Equal("Wednesday, 15 July 2026, 22:00 AEST – Thursday, 16 July 2026, 01:00 AEST", text);
    }

    [Fact]
    public void Range_across_the_clock_change_shows_both_abbreviations()
    {
        // Midnight to 01:30 standard time on the night New York falls back: 2 h 30 min later.
        var text = ZoneClock.FormatRange(Utc(2026, 11, 1, 4, 0), Utc(2026, 11, 1, 6, 30), "America/New_York", CultureInfo.InvariantCulture);

        Assert.Equal("Sunday, 1 November 2026, 00:00 EDT – Sunday, 1 November 2026, 01:30 EST", text);
    }
}
