using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Campaign.Benchmarks;
using Microsoft.Data.Sqlite;

// Load scripts against the real app on a loopback port. Bounded in count and time; loopback only.
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- rsvp [workers] [maxSeconds] [--no-dispatch] [--warmup=seconds]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- feed [screenings]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- checkin [scanners] [maxSeconds] [tickets] [--pace-ms=N]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- page [visitors] [seconds] [--warmup=seconds]
// BENCH_APP_DLL=/path/to/Campaign.Web.dll drives another tree's build of the app (a before/after pair from one client).
var scenario = args.FirstOrDefault() ?? "rsvp";
var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var maxSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120;
// "--no-dispatch" leaves the queued mail in the outbox, to measure the RSVP path without the mail dispatcher beside it.
var dispatch = !args.Contains("--no-dispatch", StringComparer.Ordinal);

switch (scenario)
{
    case "rsvp":
        return await RsvpLoad.RunAsync(workers, maxSeconds, dispatch,
            // "--warmup=N": N seconds of unmeasured load on another screening first (default 20).
            args.FirstOrDefault(a => a.StartsWith("--warmup=", StringComparison.Ordinal)) is { } warm ? int.Parse(warm["--warmup=".Length..], CultureInfo.InvariantCulture) : 20);
    case "checkin":
        return await CheckInLoad.RunAsync(
            args.Length > 1 ? workers : 32,
            Math.Min(60, args.Length > 2 ? maxSeconds : 60),
            args.Length > 3 && !args[3].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000,
            // "--pace-ms=N": each scanner scans once every N ms (a person at a door), instead of back to back.
            args.FirstOrDefault(a => a.StartsWith("--pace-ms=", StringComparison.Ordinal)) is { } pace ? int.Parse(pace["--pace-ms=".Length..], CultureInfo.InvariantCulture) : 0);
    case "page":
        return await PageLoad.RunAsync(args.Length > 1 ? workers : 8, Math.Min(120, args.Length > 2 ? maxSeconds : 20),
            args.FirstOrDefault(a => a.StartsWith("--warmup=", StringComparison.Ordinal)) is { } pageWarm ? int.Parse(pageWarm["--warmup=".Length..], CultureInfo.InvariantCulture) : 10);
    case "feed":
        return FeedRender.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: rsvp, checkin, page, feed");
        return 2;
}

internal static class RsvpLoad
{
    private const int Capacity = 10_000;

    public static async Task<int> RunAsync(int workers, int maxSeconds, bool dispatch, int warmUpSeconds)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:Rsvp:PermitLimit"] = "1000000",
            ["RateLimits:Invite:PermitLimit"] = "1000000",
            ["Mail:DispatchInBackground"] = dispatch ? "true" : "false",
        });
        Console.WriteLine($"App at {app.BaseUrl}, data in {app.DataDirectory}");
        string slug;
        string warmUpSlug;
        using (var host = new Browser(app.BaseUrl))
        {
            slug = await SetUpScreeningAsync(app, host);
            warmUpSlug = await CreateScreeningAsync(host, "Warm-up screening");
        }

        // A server that has run for a while: the JIT's tier-1 recompilation and the pools settle before measuring.
        if (warmUpSeconds > 0)
        {
            Console.WriteLine($"Warm-up: {workers} guests answer another screening for {warmUpSeconds} s (not measured).");
            var warm = Stopwatch.StartNew();
            var count = -1;
            await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
            {
                using var browser = new Browser(app.BaseUrl);
                var token = await browser.TokenAsync("/s/" + warmUpSlug);
                while (warm.Elapsed.TotalSeconds < warmUpSeconds && Interlocked.Increment(ref count) < Capacity)
                {
                    await browser.PostAsync($"/s/{warmUpSlug}/rsvp", RsvpFields(count, "warmup"), token);
                }
            }));
        }

        Console.WriteLine($"Screening /s/{slug} with {Capacity} seats; {workers} concurrent guests for at most {maxSeconds} s.");

        var latencies = new List<double>[workers];
        var errors = 0;
        var next = -1;
        var browsers = new Browser[workers];
        var tokens = new string[workers];
        for (var w = 0; w < workers; w++)
        {
            browsers[w] = new Browser(app.BaseUrl);
            tokens[w] = await browsers[w].TokenAsync("/s/" + slug);
        }

        var appCpu = app.CpuTime;
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            latencies[w] = [];
            var browser = browsers[w];
            var token = tokens[w];
            while (stop.Elapsed.TotalSeconds < maxSeconds)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= Capacity)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                var (status, location) = await browser.PostAsync($"/s/{slug}/rsvp", RsvpFields(i, "guest"), token);
                latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status != HttpStatusCode.Redirect && status != HttpStatusCode.SeeOther || location is null)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;
        var appCpuMs = (app.CpuTime - appCpu).TotalMilliseconds;
        var ownCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalMilliseconds;
        foreach (var browser in browsers)
        {
            browser.Dispose();
        }

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var wal = new FileInfo(Path.Combine(app.DataDirectory, "campaign.db-wal"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Write-ahead log after the run: {(wal.Exists ? wal.Length / 1024.0 / 1024.0 : 0):F1} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per request: app {appCpuMs / Math.Max(1, all.Length):F2} ms, load generator {ownCpuMs / Math.Max(1, all.Length):F2} ms ({(appCpuMs + ownCpuMs) / 1000 / elapsed:F2} of 2 cores busy)"));
        var (seats, capacity, confirmed, people, waitlisted) = ReadCounts(app, slug);
        Console.WriteLine("Outbox after the run (warm-up included): " + OutboxStates(app));
        var rate = all.Length / elapsed;
        Console.WriteLine();
        Console.WriteLine("| requests | seconds | RSVPs/s | p50 ms | p95 ms | p99 ms | max ms | errors | seats taken / capacity | confirmed people | waitlisted | oversold |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {all.Length} | {elapsed:F1} | {rate:F0} | {Pct(all, 50):F1} | {Pct(all, 95):F1} | {Pct(all, 99):F1} | {all[^1]:F1} | {errors} | {seats} / {capacity} | {people} | {waitlisted} | {Math.Max(0, people - capacity)} |"));
        return errors == 0 && people <= capacity && seats == people ? 0 : 1;
    }

    private static IEnumerable<KeyValuePair<string, string>> RsvpFields(int i, string prefix) =>
    [
        new("Name", "Guest " + i.ToString(CultureInfo.InvariantCulture)),
        new("Email", $"{prefix}{i}@bench.example.org"),
        new("PartySize", "1"),
        new("Attending", "true"),
        new("Consent", "true"),
    ];

    internal static double Pct(double[] sorted, int p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

    /// <summary>How many mails are sent and how many still wait: whether the dispatcher kept up with the answers.</summary>
    private static string OutboxStates(AppProcess app)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaign.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Status, COUNT(*) FROM OutboxMessages GROUP BY Status ORDER BY Status";
        using var reader = command.ExecuteReader();
        var states = new List<string>();
        while (reader.Read())
        {
            states.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetValue(0)} {reader.GetInt64(1)}"));
        }

        return string.Join(", ", states);
    }

    private static (int Seats, int Capacity, int Confirmed, int People, int Waitlisted) ReadCounts(AppProcess app, string slug)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaign.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.SeatsTaken, s.Capacity,
                   (SELECT COUNT(*) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Confirmed'),
                   (SELECT COALESCE(SUM(PartySize), 0) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Confirmed'),
                   (SELECT COUNT(*) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Waitlisted')
            FROM Screenings s WHERE s.Slug = $slug
            """;
        command.Parameters.AddWithValue("$slug", slug);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
    }

    /// <summary>A host registers, confirms from the pickup mail, logs in and creates a 10,000-seat screening, as a person would.</summary>
    internal static async Task<string> SetUpScreeningAsync(AppProcess app, Browser host)
    {
        const string email = "host@bench.example.org";
        const string password = "benchmark host password";
        await host.PostAsync("/account/register", [new("DisplayName", "Bench Host"), new("Email", email), new("Password", password), new("ConfirmPassword", password)], await host.TokenAsync("/account/register"));
        // The confirmation link is read from the outbox row (works with or without the dispatcher running).
        string? link = null;
        for (var i = 0; i < 100 && link is null; i++)
        {
            await Task.Delay(100);
            using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaign.db")};Mode=ReadOnly");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT TextBody FROM OutboxMessages WHERE ToAddress = $to";
            command.Parameters.AddWithValue("$to", email);
            var text = command.ExecuteScalar() as string ?? "";
            var match = Regex.Match(text, @"https?://\S+/account/confirm-email\S+");
            link = match.Success ? match.Value : null;
        }

        await host.GetAsync(new Uri(link ?? throw new InvalidOperationException("No confirmation mail.")).PathAndQuery);
        await host.PostAsync("/account/login", [new("Email", email), new("Password", password)], await host.TokenAsync("/account/login"));
        return await CreateScreeningAsync(host, "Benchmark screening");
    }

    /// <summary>The logged-in host creates an unlisted online screening with <see cref="Capacity"/> seats; returns its slug.</summary>
    internal static async Task<string> CreateScreeningAsync(Browser host, string title)
    {
        var start = DateTime.UtcNow.Date.AddDays(30).AddHours(19);
        var (status, location) = await host.PostAsync("/screenings/new",
        [
            new("Title", title),
            new("StartLocal", start.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)),
            new("EndLocal", start.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture)),
            new("TimeZoneId", "Europe/London"),
            new("IsOnline", "true"),
            new("OnlineUrl", "https://meet.example.org/bench"),
            new("Capacity", Capacity.ToString(CultureInfo.InvariantCulture)),
            new("MaxPlusOnes", "2"),
            new("Visibility", "Unlisted"),
        ], await host.TokenAsync("/screenings/new"));
        return status == HttpStatusCode.Redirect && location is not null && location.StartsWith("/s/", StringComparison.Ordinal)
            ? location["/s/".Length..]
            : throw new InvalidOperationException($"Creating the screening answered {(int)status}.");
    }
}
