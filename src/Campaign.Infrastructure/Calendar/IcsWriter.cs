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

    /// <summary>An event sent for information to people who are not attendees (RFC 5546 PUBLISH: no reply expected).</summary>
    Publish = 3,
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

    /// <summary>Not confirmed yet (a guest on the waitlist): STATUS:TENTATIVE and TRANSP:TRANSPARENT, so no client books the time as a confirmed event.</summary>
    public bool Tentative { get; init; }

    public IcsPerson? Organizer { get; init; }

    public IcsPerson? Attendee { get; init; }
}

/// <summary>
/// Writes RFC 5545 text: the calendar header and VTIMEZONE with Ical.Net, each VEVENT directly (escaping, folding at
/// 75 octets; see EventText). Times are written in the screening's own zone (DTSTART;TZID=...) with a VTIMEZONE built
/// from NodaTime's TZDB intervals for exactly the years the events cover, so a client applies the zone's real rules
/// for those years. Each event's text is also cached by its value (a feed of 1,000 unchanged screenings is mostly
/// string joins).
/// DTSTAMP is not part of the cached text: it is the caller's clock at the time of writing.
/// </summary>
public sealed partial class IcsWriter : IDisposable
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

        // A large feed with nothing cached (after a restart) is written on every core; small ones (a mail's single event)
        // are not worth the hand-off.
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
            calendar.Method = method switch
            {
                IcsMethod.Request => "REQUEST",
                IcsMethod.Publish => "PUBLISH",
                _ => "CANCEL",
            };
        }

        if (!string.IsNullOrWhiteSpace(calendarName))
        {
            calendar.AddProperty("X-WR-CALNAME", calendarName);
        }

        var text = new CalendarSerializer().SerializeToString(calendar)!;
        return text[..text.LastIndexOf("END:VCALENDAR", StringComparison.Ordinal)];
    });

    /// <summary>
    /// One VEVENT, written directly: Ical.Net's object model and serializer cost 0.1–0.3 ms an event here, too slow
    /// for a cold feed of 1,000 screenings (docs/performance.md). Text values are escaped (RFC 5545 3.3.11), parameter
    /// values quoted where needed (3.2), and every line folded at 75 octets without splitting a UTF-8 character (3.1).
    /// The calendar header and VTIMEZONE still come from Ical.Net; tests read everything back with ical.js.
    /// </summary>
    private static string EventText(IcsEvent e)
    {
        var sb = new StringBuilder(1024);
        Line(sb, "BEGIN:VEVENT");
        Line(sb, "UID:" + Text(e.Uid));
        Line(sb, "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
        Line(sb, "DTSTART" + DateValue(e.StartUtc, e.TimeZoneId));
        Line(sb, "DTEND" + DateValue(e.EndUtc, e.TimeZoneId));
        Line(sb, "SUMMARY:" + Text(e.Summary));
        if (!string.IsNullOrWhiteSpace(e.Location))
        {
            Line(sb, "LOCATION:" + Text(e.Location));
        }

        if (!string.IsNullOrWhiteSpace(e.Description))
        {
            Line(sb, "DESCRIPTION:" + Text(e.Description));
        }

        if (e.Url is not null)
        {
            Line(sb, "URL:" + new Uri(e.Url).AbsoluteUri);
        }

        Line(sb, "STATUS:" + (e.Cancelled ? "CANCELLED" : e.Tentative ? "TENTATIVE" : "CONFIRMED"));
        Line(sb, e.Cancelled || e.Tentative ? "TRANSP:TRANSPARENT" : "TRANSP:OPAQUE");
        if (e.Organizer is { } organizer)
        {
            Line(sb, "ORGANIZER" + CommonName(organizer.Name) + ":mailto:" + Address(organizer.Email));
        }

        if (e.Attendee is { } attendee)
        {
            Line(sb, "ATTENDEE" + CommonName(attendee.Name) + ";PARTSTAT=" + (e.Cancelled ? "DECLINED" : e.Tentative ? "TENTATIVE" : "ACCEPTED")
                + ";ROLE=REQ-PARTICIPANT;RSVP=FALSE:mailto:" + Address(attendee.Email));
        }

        Line(sb, "END:VEVENT");
        return sb.ToString();
    }

    /// <summary>";TZID=zone:yyyyMMddTHHmmss" in the screening's zone, or ":yyyyMMddTHHmmssZ" for UTC.</summary>
    private static string DateValue(DateTime utc, string zoneId)
    {
        if (zoneId == "UTC")
        {
            return ":" + DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        }

        var local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(DateTimeZoneProviders.Tzdb[zoneId]).LocalDateTime;
        return ";TZID=" + zoneId + ":" + local.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// TEXT value: backslash, semicolon, comma and line breaks escaped; other control characters dropped; anything shaped
    /// like an HTML tag dropped too (some calendar clients render a description as HTML, so markup never goes into a file).
    /// </summary>
    private static string Text(string value)
    {
        value = Markup().Replace(value, "");
        var sb = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case ';': sb.Append("\\;"); break;
                case ',': sb.Append("\\,"); break;
                case '\r':
                    sb.Append("\\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case '\n': sb.Append("\\n"); break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>";CN=..." (quoted when it holds ',', ';' or ':'); a parameter value cannot hold a double quote (RFC 5545 3.1).</summary>
    private static string CommonName(string? name)
    {
        var clean = ParameterText(name);
        if (string.IsNullOrEmpty(clean))
        {
            return "";
        }

        return clean.IndexOfAny([',', ';', ':']) >= 0 ? ";CN=\"" + clean + "\"" : ";CN=" + clean;
    }

    private static string Address(string email) => new(email.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c) && c is not ('"' or ';' or ',' or ':')).ToArray());

    private static string? ParameterText(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : new string(Markup().Replace(value, "").Where(c => c != '"' && !char.IsControl(c)).ToArray()).Trim();

    /// <summary>An HTML tag, comment or declaration ("&lt;b&gt;", "&lt;/a&gt;", "&lt;!--", "&lt;?x"); a lone "&lt;" or "3 &lt; 4" is text.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"<[A-Za-z!/?][^<>]*>?")]
    private static partial System.Text.RegularExpressions.Regex Markup();

    /// <summary>Appends one content line, folded at 75 octets (continuations start with a space), never inside a UTF-8 character.</summary>
    private static void Line(StringBuilder sb, string line)
    {
        var octets = 0;
        var limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < line.Length && char.IsLowSurrogate(line[i + 1]);
            var size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (octets + size > limit)
            {
                sb.Append(Crlf).Append(' ');
                octets = 1;
            }

            sb.Append(c);
            if (pair)
            {
                sb.Append(line[++i]);
            }

            octets += size;
        }

        sb.Append(Crlf);
    }

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
