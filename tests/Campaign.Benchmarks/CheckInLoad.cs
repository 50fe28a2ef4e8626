using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Campaign.Benchmarks;

/// <summary>
/// The door at opening time: many phones (door links, no accounts) posting scans at once. Tickets are issued the normal
/// way (RSVPs through the form, parties of three); the codes are then read from the database, as the guests' mails would
/// carry them. Every distinct code is scanned once; every 11th scan repeats a code admitted earlier ("already checked in").
/// </summary>
internal static class CheckInLoad
{
    private const int PartySize = 3;

    public static async Task<int> RunAsync(int scanners, int maxSeconds, int tickets, int paceMs)
    {
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["RateLimits:Rsvp:PermitLimit"] = "1000000",
            ["RateLimits:CheckIn:PermitLimit"] = "1000000",
            ["Mail:DispatchInBackground"] = "false",
        });
        Console.WriteLine($"App at {app.BaseUrl}, data in {app.DataDirectory}");

        using var host = new Browser(app.BaseUrl);
        var slug = await RsvpLoad.SetUpScreeningAsync(app, host);
        var seeding = Stopwatch.StartNew();
        await IssueTicketsAsync(app, slug, tickets);
        var (status, _) = await host.PostAsync($"/s/{slug}/team/doors", [new("Name", "Main door")], await host.TokenAsync($"/s/{slug}/team"));
        if (status != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Creating the door link answered {(int)status}.");
        }

        var (codes, doorToken) = ReadCodesAndDoor(app);
        Console.WriteLine($"Screening /s/{slug}: {codes.Length} tickets issued in {seeding.Elapsed.TotalSeconds:F1} s; {scanners} scanners for at most {maxSeconds} s, "
            + (paceMs > 0 ? $"each scanning once every {paceMs} ms." : "each scanning back to back (closed loop)."));

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = scanners * 2, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(app.BaseUrl),
        };
        client.DefaultRequestHeaders.Add("X-Door-Token", doorToken);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https"); // as behind a TLS-terminating proxy on loopback

        // Warm-up (JIT, connection pool, SQLite page cache): invalid codes, not counted.
        await Task.WhenAll(Enumerable.Range(0, scanners).Select(async w =>
        {
            for (var i = 0; i < 8; i++)
            {
                await ScanAsync(client, slug, "WARMUP" + w.ToString(CultureInfo.InvariantCulture), $"warm-{w}-{i}");
            }
        }));

        var total = codes.Length + (codes.Length / 10);
        var latencies = new List<double>[scanners];
        var serverTimes = new List<double>[scanners];
        var outcomes = new Dictionary<string, int>[scanners];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, scanners).Select(async w =>
        {
            latencies[w] = [];
            serverTimes[w] = [];
            outcomes[w] = [];
            if (paceMs > 0)
            {
                await Task.Delay(paceMs * w / scanners); // spread the scanners' ticks over one period
            }

            var due = clock.Elapsed.TotalMilliseconds;
            while (clock.Elapsed.TotalSeconds < maxSeconds)
            {
                if (paceMs > 0)
                {
                    due += paceMs;
                    var wait = due - clock.Elapsed.TotalMilliseconds;
                    if (wait > 0)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(wait));
                    }
                }

                var i = Interlocked.Increment(ref next);
                if (i >= total)
                {
                    break;
                }

                // Scan i: the (i - i/11)-th distinct code, except every 11th, which repeats one scanned ~50 scans ago.
                var distinct = i - (i / 11);
                var code = i % 11 == 10 ? codes[Math.Max(0, distinct - 50)] : codes[distinct];
                var started = Stopwatch.GetTimestamp();
                var (outcome, server) = await ScanAsync(client, slug, code, "bench-" + i.ToString(CultureInfo.InvariantCulture));
                latencies[w].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (server is { } ms)
                {
                    serverTimes[w].Add(ms);
                }

                outcomes[w][outcome] = outcomes[w].GetValueOrDefault(outcome) + 1;
            }
        }));
        var elapsed = clock.Elapsed.TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var onServer = serverTimes.SelectMany(l => l).Order().ToArray();
        var byOutcome = outcomes.SelectMany(o => o).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        var admittedInDb = CheckedIn(app);
        Console.WriteLine();
        // Server: Server-Timing "app;dur=" (request start to the verdict being written). Client: the round trip over loopback.
        Console.WriteLine("| scanners | pace | scans | seconds | scans/s | server p50 / p95 / p99 / max ms | client p50 / p95 / p99 / max ms | outcomes | checked in (DB) |");
        Console.WriteLine("|---:|---|---:|---:|---:|---|---|---|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {scanners} | {(paceMs > 0 ? $"1 per {paceMs} ms each" : "back to back")} | {all.Length} | {elapsed:F1} | {all.Length / elapsed:F0} | {Percentiles(onServer)} | {Percentiles(all)} | {string.Join(", ", byOutcome.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}"))} | {admittedInDb} |"));
        if (onServer.Length != all.Length)
        {
            Console.WriteLine($"MISSING Server-Timing on {all.Length - onServer.Length} answers.");
        }

        var distinctScanned = all.Length - (all.Length / 11);
        var ok = byOutcome.GetValueOrDefault("admitted") == admittedInDb
            && byOutcome.Keys.All(k => k is "admitted" or "already_checked_in")
            && admittedInDb == Math.Min(distinctScanned, codes.Length);
        Console.WriteLine(ok ? "Every distinct code admitted exactly once; every repeat answered 'already checked in'." : "MISMATCH: see the outcomes above.");
        return ok && onServer.Length == all.Length ? 0 : 1;
    }

    private static string Percentiles(double[] sorted) => sorted.Length == 0 ? "-" : string.Create(CultureInfo.InvariantCulture,
        $"{RsvpLoad.Pct(sorted, 50):F1} / {RsvpLoad.Pct(sorted, 95):F1} / {RsvpLoad.Pct(sorted, 99):F1} / {sorted[^1]:F1}");

    private static async Task<(string Outcome, double? ServerMs)> ScanAsync(HttpClient client, string slug, string code, string scanId)
    {
        using var response = await client.PostAsJsonAsync("/api/checkin", new
        {
            screening = slug,
            code,
            scanId,
            scannedAt = DateTimeOffset.UtcNow,
        });
        var server = ServerMs(response);
        if (!response.IsSuccessStatusCode)
        {
            return ("http-" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), server);
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return (json.RootElement.GetProperty("outcome").GetString() ?? "?", server);
    }

    /// <summary>The app's own time from <c>Server-Timing: app;dur=1.23</c>.</summary>
    private static double? ServerMs(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values))
        {
            return null;
        }

        foreach (var metric in values.SelectMany(v => v.Split(',')))
        {
            var parts = metric.Trim().Split(';');
            if (parts[0] == "app" && parts.Skip(1).Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal)) is { } dur
                && double.TryParse(dur[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
            {
                return ms;
            }
        }

        return null;
    }

    /// <summary>Guests answer the RSVP form (parties of three, 8 at a time) until the screening holds <paramref name="tickets"/> tickets.</summary>
    private static async Task IssueTicketsAsync(AppProcess app, string slug, int tickets)
    {
        var parties = (tickets + PartySize - 1) / PartySize;
        var next = -1;
        var failed = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var guest = new Browser(app.BaseUrl);
            var token = await guest.TokenAsync("/s/" + slug);
            int i;
            while ((i = Interlocked.Increment(ref next)) < parties)
            {
                var n = i.ToString(CultureInfo.InvariantCulture);
                var (status, _) = await guest.PostAsync($"/s/{slug}/rsvp",
                [
                    new("Name", "Guest " + n), new("Email", $"guest{n}@bench.example.org"), new("Attending", "true"),
                    new("PartySize", PartySize.ToString(CultureInfo.InvariantCulture)), new("Consent", "true"),
                ], token);
                if (status != HttpStatusCode.Redirect)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }));
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} RSVPs failed while issuing tickets.");
        }
    }

    private static (string[] Codes, string DoorToken) ReadCodesAndDoor(AppProcess app)
    {
        using var connection = Open(app);
        using var codes = connection.CreateCommand();
        codes.CommandText = "SELECT Code FROM Tickets ORDER BY IssuedAtUtc, Number";
        var list = new List<string>();
        using (var reader = codes.ExecuteReader())
        {
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }
        }

        using var door = connection.CreateCommand();
        door.CommandText = "SELECT Token FROM DoorLinks";
        return ([.. list], door.ExecuteScalar() as string ?? throw new InvalidOperationException("No door link."));
    }

    private static int CheckedIn(AppProcess app)
    {
        using var connection = Open(app);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Tickets WHERE CheckedInAtUtc IS NOT NULL";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static SqliteConnection Open(AppProcess app)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "campaign.db")};Mode=ReadOnly");
        connection.Open();
        return connection;
    }
}
