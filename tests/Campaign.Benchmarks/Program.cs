using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Campaign.Benchmarks;
using Microsoft.Data.Sqlite;

// Load scripts against the real app on a loopback port. Bounded in count and time; loopback only.
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- rsvp [workers] [maxSeconds]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- feed [screenings]
//   dotnet run -c Release --project tests/Campaign.Benchmarks -- checkin [scanners] [maxSeconds] [tickets] [--pace-ms=N]
var scenario = args.FirstOrDefault() ?? "rsvp";
var workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
var maxSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 120;
// "--no-dispatch" leaves the queued mail in the outbox, to measure the RSVP path without the mail dispatcher beside it.
var dispatch = !args.Contains("--no-dispatch", StringComparer.Ordinal);

switch (scenario)
{
    case "rsvp":
        return await RsvpLoad.RunAsync(workers, maxSeconds, dispatch);
    case "checkin":
        return await CheckInLoad.RunAsync(
            args.Length > 1 ? workers : 32,
            Math.Min(60, args.Length > 2 ? maxSeconds : 60),
            args.Length > 3 && !args[3].StartsWith("--", StringComparison.Ordinal) ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2000,
            // "--pace-ms=N": each scanner scans once every N ms (a person at a door), instead of back to back.
            args.FirstOrDefault(a => a.StartsWith("--pace-ms=", StringComparison.Ordinal)) is { } pace ? int.Parse(pace["--pace-ms=".Length..], CultureInfo.InvariantCulture) : 0);
    case "feed":
        return FeedRender.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
    default:
        Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: rsvp, checkin, feed");
        return 2;
}

internal static class RsvpLoad
{
    private const int Capacity = 10_000;

    public static async Task<int> RunAsync(int workers, int maxSeconds, bool dispatch)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:Rsvp:PermitLimit"] = "1000000",
            ["RateLimits:Invite:PermitLimit"] = "1000000",
            ["Mail:DispatchInBackground"] = dispatch ? "true" : "false",
        });
        Console.WriteLine($"App at {app.BaseUrl}, data in {app.DataDirectory}");
        string slug;
        using (var host = new Browser(app.BaseUrl))
        {
            slug = await SetUpScreeningAsync(app, host);
        }

        Console.WriteLine($"Screening /s/{slug} with {Capacity} seats; {workers} concurrent guests for at most {maxSeconds} s.");

        var latencies = new List<double>[workers];
        var errors = 0;
        var next = -1;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(async w =>
        {
            latencies[w] = [];
            using var browser = new Browser(app.BaseUrl);
            var token = await browser.TokenAsync("/s/" + slug);
            while (stop.Elapsed.TotalSeconds < maxSeconds)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= Capacity)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                var (status, location) = await browser.PostAsync($"/s/{slug}/rsvp", RsvpFields(i), token);
                latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (status != HttpStatusCode.Redirect && status != HttpStatusCode.SeeOther || location is null)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = stop.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var (seats, capacity, confirmed, people, waitlisted) = ReadCounts(app);
        var rate = all.Length / elapsed;
        Console.WriteLine();
        Console.WriteLine("| requests | seconds | RSVPs/s | p50 ms | p95 ms | p99 ms | max ms | errors | seats taken / capacity | confirmed people | waitlisted | oversold |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {all.Length} | {elapsed:F1} | {rate:F0} | {Pct(all, 50):F1} | {Pct(all, 95):F1} | {Pct(all, 99):F1} | {all[^1]:F1} | {errors} | {seats} / {capacity} | {people} | {waitlisted} | {Math.Max(0, people - capacity)} |"));
        return errors == 0 && people <= capacity && seats == people ? 0 : 1;
    }

    private static IEnumerable<KeyValuePair<string, string>> RsvpFields(int i) =>
    [
        new("Name", "Guest " + i.ToString(CultureInfo.InvariantCulture)),
        new("Email", $"guest{i}@bench.example.org"),
        new("PartySize", "1"),
        new("Attending", "true"),
        new("Consent", "true"),
    ];

    internal static double Pct(double[] sorted, int p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1)];

    private static (int Seats, int Capacity, int Confirmed, int People, int Waitlisted) ReadCounts(AppProcess app)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaign.db")};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.SeatsTaken, s.Capacity,
                   (SELECT COUNT(*) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Confirmed'),
                   (SELECT COALESCE(SUM(PartySize), 0) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Confirmed'),
                   (SELECT COUNT(*) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Waitlisted')
            FROM Screenings s
            """;
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
        var start = DateTime.UtcNow.Date.AddDays(30).AddHours(19);
        var (status, location) = await host.PostAsync("/screenings/new",
        [
            new("Title", "Benchmark screening"),
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
