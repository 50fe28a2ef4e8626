using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Campaign.Web.Tests;

/// <summary>Runs ical.js (npm, under ical/) on .ics text with node: an independent reading of what the app wrote.</summary>
public static class IcalJs
{
    private static readonly string Directory = typeof(IcalJs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "IcalCheckDirectory").Value!;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static IcalCalendar Parse(string ics)
    {
        var start = new ProcessStartInfo("node", "check.mjs")
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var node = Process.Start(start)!;
        node.StandardInput.Write(ics);
        node.StandardInput.Close();
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEnd();
        node.WaitForExit();
        Assert.True(node.ExitCode == 0, "ical.js could not read the file: " + stderr + "\n" + ics);
        return JsonSerializer.Deserialize<IcalCalendar>(stdout.Result, Json)!;
    }
}

public sealed record IcalCalendar(string? Method, IReadOnlyList<IcalEvent> Events, IReadOnlyList<IcalZone> Timezones)
{
    public IcalEvent Only() => Assert.Single(Events);
}

public sealed record IcalZone(string Tzid, int Standard, int Daylight);

public sealed record IcalPerson(string Value, string? Cn, string? Partstat);

public sealed record IcalEvent(
    string Uid,
    int? Sequence,
    string? Status,
    DateTime Start,
    DateTime End,
    string? Tzid,
    string? Stamp,
    string? Summary,
    string? Location,
    string? Description,
    string? Url,
    IcalPerson? Organizer,
    IcalPerson? Attendee)
{
    [JsonIgnore]
    public DateTime StartUtc => Start.ToUniversalTime();

    [JsonIgnore]
    public DateTime EndUtc => End.ToUniversalTime();
}
