using System.Diagnostics;
using System.Globalization;
using Campaign.Infrastructure.Calendar;

namespace Campaign.Benchmarks;

/// <summary>
/// Renders a feed of N screenings with the app's IcsWriter, in-process: "cold" with a fresh writer each time (nothing
/// cached: what the first request after a change costs) and "warm" with one writer (what a calendar client's
/// periodic refresh costs when nothing changed). The screenings look like real ones: 5 zones, long descriptions.
/// </summary>
internal static class FeedRender
{
    private static readonly string[] Zones = ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Australia/Lord_Howe"];

    public static int Run(int count)
    {
        var start = new DateTime(DateTime.UtcNow.Year + 1, 1, 1, 18, 0, 0, DateTimeKind.Utc);
        var events = Enumerable.Range(0, count).Select(i => new IcsEvent(
            $"community-screening-{i:D5}abcdefghijkm@campaign.invalid", i % 4, start.AddHours(i * 7), start.AddHours((i * 7) + 2), Zones[i % Zones.Length],
            $"Community screening {i}, with a talk; bring friends")
        {
            Location = "Albany, NY, United States",
            Description = "Film and conversation. " + new string('x', 400) + "\n\nContent note: describes abuse.\n\nhttps://screenings.example.org/s/community-screening-abcdefghijkmnpqr",
            Url = $"https://screenings.example.org/s/community-screening-{i:D5}abcdefghijkm",
        }).ToList();

        // JIT and first use of NodaTime/Ical.Net are not what a running server pays.
        using (var warmUp = new IcsWriter())
        {
            warmUp.Write(events.Take(50), IcsMethod.None, DateTime.UtcNow, "warm-up");
        }

        var cold = new List<double>();
        var length = 0;
        for (var i = 0; i < 10; i++)
        {
            using var writer = new IcsWriter();
            var sw = Stopwatch.StartNew();
            length = writer.Write(events, IcsMethod.None, DateTime.UtcNow, "Screenings").Length;
            cold.Add(sw.Elapsed.TotalMilliseconds);
        }

        var warm = new List<double>();
        using (var writer = new IcsWriter())
        {
            writer.Write(events, IcsMethod.None, DateTime.UtcNow, "Screenings");
            for (var i = 0; i < 50; i++)
            {
                var sw = Stopwatch.StartNew();
                writer.Write(events, IcsMethod.None, DateTime.UtcNow, "Screenings");
                warm.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Feed of {count} screenings, {length / 1024} KiB, {Environment.ProcessorCount} cores"));
        Report("cold (fresh writer, nothing cached)", cold);
        Report("warm (unchanged screenings, cached event text)", warm);
        return 0;
    }

    private static void Report(string name, List<double> ms)
    {
        ms.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: median {ms[ms.Count / 2]:F1} ms, min {ms[0]:F1} ms, max {ms[^1]:F1} ms ({ms.Count} runs)"));
    }
}
