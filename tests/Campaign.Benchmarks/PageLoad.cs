using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Campaign.Benchmarks;

/// <summary>
/// The public screening page, as guests from a share link open it: a screening with 200 answers already in, then
/// <c>workers</c> visitors (each with its own cookies) load <c>/s/{slug}</c> back to back for <c>seconds</c>.
/// </summary>
internal static class PageLoad
{
    private const int Answers = 200;

    public static async Task<int> RunAsync(int workers, int seconds, int warmUpSeconds)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:Rsvp:PermitLimit"] = "1000000",
            ["Mail:DispatchInBackground"] = "false",
        });
        Console.WriteLine($"App at {app.BaseUrl}, data in {app.DataDirectory}");
        string slug;
        using (var host = new Browser(app.BaseUrl))
        {
            slug = await RsvpLoad.SetUpScreeningAsync(app, host);
        }

        using (var guest = new Browser(app.BaseUrl))
        {
            var token = await guest.TokenAsync("/s/" + slug);
            for (var i = 0; i < Answers; i++)
            {
                await guest.PostAsync($"/s/{slug}/rsvp",
                [
                    new("Name", "Guest " + i.ToString(CultureInfo.InvariantCulture)),
                    new("Email", $"page{i}@bench.example.org"),
                    new("PartySize", "1"),
                    new("Attending", "true"),
                    new("Consent", "true"),
                ], token);
            }
        }

        var path = "/s/" + slug;
        var browsers = Enumerable.Range(0, workers).Select(_ => new Browser(app.BaseUrl)).ToArray();
        try
        {
            if (warmUpSeconds > 0)
            {
                Console.WriteLine($"Warm-up: {workers} visitors for {warmUpSeconds} s (not measured).");
                await LoadAsync(browsers, path, warmUpSeconds);
            }

            Console.WriteLine($"Screening page {path} ({Answers} answers in); {workers} concurrent visitors for {seconds} s.");
            var appCpu = app.CpuTime;
            var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stop = Stopwatch.StartNew();
            var (latencies, errors, bytes) = await LoadAsync(browsers, path, seconds);
            var elapsed = stop.Elapsed.TotalSeconds;
            var appCpuMs = (app.CpuTime - appCpu).TotalMilliseconds;
            var ownCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds;
            var all = latencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"CPU per page: app {appCpuMs / Math.Max(1, all.Length):F2} ms, load generator {ownCpuMs / Math.Max(1, all.Length):F2} ms ({(appCpuMs + ownCpuMs) / 1000 / elapsed:F2} of 2 cores busy)"));
            Console.WriteLine();
            Console.WriteLine("| pages | seconds | pages/s | p50 ms | p95 ms | p99 ms | max ms | errors | KiB per page |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {all.Length} | {elapsed:F1} | {all.Length / elapsed:F0} | {RsvpLoad.Pct(all, 50):F1} | {RsvpLoad.Pct(all, 95):F1} | {RsvpLoad.Pct(all, 99):F1} | {all[^1]:F1} | {errors} | {bytes / 1024.0 / Math.Max(1, all.Length):F1} |"));
            return errors == 0 ? 0 : 1;
        }
        finally
        {
            foreach (var browser in browsers)
            {
                browser.Dispose();
            }
        }
    }

    private static async Task<(List<double> Latencies, int Errors, long Bytes)> LoadAsync(Browser[] browsers, string path, int seconds)
    {
        var stop = Stopwatch.StartNew();
        var errors = 0;
        long bytes = 0;
        var perWorker = await Task.WhenAll(browsers.Select(async browser =>
        {
            var latencies = new List<double>();
            while (stop.Elapsed.TotalSeconds < seconds)
            {
                var started = Stopwatch.GetTimestamp();
                var (status, html, _) = await browser.GetAsync(path);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Add(ref bytes, html.Length);
                // What a guest must see: the page, with the screening's title and the answer form.
                if (status != HttpStatusCode.OK || !html.Contains("Benchmark screening", StringComparison.Ordinal)
                    || !html.Contains("__RequestVerificationToken", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref errors);
                }
            }

            return latencies;
        }));
        return ([.. perWorker.SelectMany(l => l)], errors, bytes);
    }
}
