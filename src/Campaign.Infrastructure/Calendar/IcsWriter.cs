using System.Globalization;
using System.Text;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.Extensions.Caching.Memory;
using NodaTime;

namespace Campaign.Infrastructure.Calendar;

/// <summary>What kind of iCalendar object: a plain file or feed, an invitation (iTIP REQUEST) or its withdrawal (CANCEL).</summary>
public enum IcsMethod
{
    /// <summary>No METHOD: a download or a subscription feed.</summary>
    None = 0,

    /// <summary>An invitation or its update, sent by mail (RFC 5546).</summary>
    Request = 1,

    /// <summary>The event is off for this attendee, sent by mail (RFC 5546).</summary>
    Cancel = 2,
}

/// <summary>A mailbox in ORGANIZER or ATTENDEE.</summary>
public sealed record IcsPerson(string Email, string? Name);

/// <summary>
/// One screening as the calendar should show it. The caller decides what may be in it (public or private place);
/// this type is a record so that equal events are one cache entry.
/// </summary>
public sealed record IcsEvent(string Uid, int Sequence, DateTime StartUtc, DateTime EndUtc, string TimeZoneId, string Summary)
{
    public string? Location { get; init; }

    public string? Description { get; init; }

    public string? Url { get; init; }

    public bool Cancelled { get; init; }

    public IcsPerson? Organizer { get; init; }

    public IcsPerson? Attendee { get; init; }
}

/// <summary>
/// Writes RFC 5545 text with Ical.Net (escaping, folding at 75 octets). Times are written in the screening's own zone
/// (DTSTART;TZID=...) with a VTIMEZONE built from NodaTime's TZDB intervals for exactly the years the events cover,
/// so a client applies the zone's real rules for those years. Ical.Net's serializer costs about 0.1 ms per event,
/// so each event's text is cached by its value (a feed of 1,000 unchanged screenings is mostly string joins).
/// DTSTAMP is not part of the cached text: it is the caller's clock at the time of writing.
/// </summary>
public sealed class IcsWriter : IDisposable
{
    public const string ProductId = "-//Campaign//Screenings//EN";

    private const string Crlf = "\r\n";
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public string Write(IEnumerable<IcsEvent> events, IcsMethod method, DateTime stampUtc, string? calendarName = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        var stamp = "DTSTAMP:" + DateTime.SpecifyKind(stampUtc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + Crlf;
        var sb = new StringBuilder(256 + (list.Count * 700));
        sb.Append(Header(method, calendarName));
        // Ical.Net writes UTC times with Z, which need no VTIMEZONE.
        foreach (var zone in list.Where(e => e.TimeZoneId != "UTC").GroupBy(e => e.TimeZoneId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var from = zone.Min(e => e.StartUtc).Year - 1;
            var to = zone.Max(e => e.EndUtc).Year + 1;
            sb.Append(Cached(("tz", zone.Key, from, to), () => TimeZoneText(zone.Key, from, to)));
        }

        // Ical.Net costs 0.1–0.3 ms an event: a large feed with nothing cached (after a restart) is serialised on every
        // core; small ones (a mail's single event) are not worth the hand-off.
        var texts = new string[list.Count];
        if (list.Count >= 64)
        {
            Parallel.For(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => texts[i] = Cached(list[i], () => EventText(list[i])));
        }
        else
        {
            for (var i = 0; i < list.Count; i++)
            {
                texts[i] = Cached(list[i], () => EventText(list[i]));
            }
        }

        foreach (var text in texts)
        {
            // The cached text starts with "BEGIN:VEVENT\r\n"; DTSTAMP goes right after it.
            const string begin = "BEGIN:VEVENT" + Crlf;
            sb.Append(begin).Append(stamp).Append(text, begin.Length, text.Length - begin.Length);
        }

        sb.Append("END:VCALENDAR").Append(Crlf);
        return sb.ToString();
    }

    public void Dispose() => _cache.Dispose();

    private string Cached(object key, Func<string> make) =>
        _cache.GetOrCreate(key, entry =>
        {
            entry.Size = 1;
            entry.SlidingExpiration = TimeSpan.FromHours(6);
            return make();
        })!;

    private string Header(IcsMethod method, string? calendarName) => Cached(("head", method, calendarName), () =>
    {
        var calendar = new Ical.Net.Calendar { ProductId = ProductId, Scale = "GREGORIAN" };
        if (method != IcsMethod.None)
        {
            calendar.Method = method == IcsMethod.Request ? "REQUEST" : "CANCEL";
        }

        if (!string.IsNullOrWhiteSpace(calendarName))
        {
            calendar.AddProperty("X-WR-CALNAME", calendarName);
        }

        var text = new CalendarSerializer().SerializeToString(calendar)!;
        return text[..text.LastIndexOf("END:VCALENDAR", StringComparison.Ordinal)];
    });

    private static string EventText(IcsEvent e)
    {
        var zone = e.TimeZoneId;
        var evt = new CalendarEvent
        {
            Uid = e.Uid,
            Sequence = e.Sequence,
            DtStart = Local(e.StartUtc, zone),
            DtEnd = Local(e.EndUtc, zone),
            Summary = e.Summary,
            Location = string.IsNullOrWhiteSpace(e.Location) ? null : e.Location,
            Description = string.IsNullOrWhiteSpace(e.Description) ? null : e.Description,
            Status = e.Cancelled ? "CANCELLED" : "CONFIRMED",
            Transparency = "OPAQUE",
            DtStamp = null,
        };
        if (e.Url is not null)
        {
            evt.Url = new Uri(e.Url);
        }

        if (e.Organizer is { } organizer)
        {
            evt.Organizer = new Organizer("mailto:" + organizer.Email) { CommonName = ParameterText(organizer.Name) };
        }

        if (e.Attendee is { } attendee)
        {
            evt.Attendees.Add(new Attendee("mailto:" + attendee.Email)
            {
                CommonName = ParameterText(attendee.Name),
                Role = "REQ-PARTICIPANT",
                ParticipationStatus = e.Cancelled ? "DECLINED" : "ACCEPTED",
                Rsvp = false,
            });
        }

        var text = new CalendarSerializer().SerializeToString(evt)!;
        // Ical.Net fills DTSTAMP from the system clock when it is missing; the app's clock is spliced in by Write.
        return string.Join(Crlf, text.Split(Crlf).Where(line => !line.StartsWith("DTSTAMP", StringComparison.Ordinal)));
    }

    private static CalDateTime Local(DateTime utc, string zoneId)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).LocalDateTime;
        return new CalDateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, zoneId);
    }

    // A parameter value cannot hold a double quote (RFC 5545 3.1); Ical.Net quotes values with ',', ';' or ':'.
    private static string? ParameterText(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new string(value.Where(c => c != '"' && !char.IsControl(c)).ToArray()).Trim();

    /// <summary>
    /// VTIMEZONE with one STANDARD or DAYLIGHT observance per TZDB interval from <paramref name="fromYear"/> to the end of
    /// <paramref name="toYear"/> (no RRULE: the rules of those years as TZDB knows them, including any change of rules).
    /// </summary>
    public static string TimeZoneText(string zoneId, int fromYear, int toYear)
    {
        var zone = DateTimeZoneProviders.Tzdb[zoneId];
        var vtz = new VTimeZone(zoneId);
        var start = Instant.FromUtc(fromYear, 1, 1, 0, 0);
        var end = Instant.FromUtc(toYear + 1, 1, 1, 0, 0);
        Offset? previous = null;
        foreach (var interval in zone.GetZoneIntervals(start, end))
        {
            Offset from;
            LocalDateTime onset;
            if (interval.HasStart)
            {
                from = previous ?? zone.GetUtcOffset(interval.Start - NodaTime.Duration.Epsilon);
                onset = interval.Start.WithOffset(from).LocalDateTime;
            }
            else
            {
                // A zone with one fixed offset (UTC, or no recorded change): one observance since 1970.
                from = interval.WallOffset;
                onset = new LocalDateTime(1970, 1, 1, 0, 0);
            }

            vtz.TimeZoneInfos.Add(new VTimeZoneInfo(interval.Savings == Offset.Zero ? "STANDARD" : "DAYLIGHT")
            {
                DtStart = new CalDateTime(onset.Year, onset.Month, onset.Day, onset.Hour, onset.Minute, onset.Second, null),
                OffsetFrom = new UtcOffset(from.ToTimeSpan()),
                OffsetTo = new UtcOffset(interval.WallOffset.ToTimeSpan()),
                TimeZoneName = interval.Name,
            });
            previous = interval.WallOffset;
        }

        return new CalendarSerializer().SerializeToString(vtz)!;
    }
}
