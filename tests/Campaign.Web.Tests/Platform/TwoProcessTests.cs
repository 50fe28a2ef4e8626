using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Campaign.Web.Tests.Platform;

/// <summary>
/// Two real app processes (not two factories in one process) on one SQLite file, as two instances behind a load balancer:
/// seats and admissions hold exactly once across them (issue 13, item 6).
/// </summary>
public sealed partial class TwoProcessTests : IAsyncLifetime
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "campaign-tests", "two-" + Guid.NewGuid().ToString("N"));
    private AppInstance _a = null!;
    private AppInstance _b = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_data);
        // One after the other: the first creates the shared keys (Data Protection, ticket signing) the second then reads.
        _a = await AppInstance.StartAsync(_data);
        _b = await AppInstance.StartAsync(_data);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }

    [Fact]
    public async Task Two_thousand_answers_through_two_processes_fill_exactly_one_hundred_seats()
    {
        var slug = await SetUpAsync(capacity: 100);
        var outcomes = new ConcurrentBag<HttpStatusCode>();
        using var limit = new SemaphoreSlim(64);
        await Task.WhenAll(Enumerable.Range(0, 2000).Select(async i =>
        {
            await limit.WaitAsync();
            try
            {
                var visitor = new Visitor(i % 2 == 0 ? _a : _b);
                outcomes.Add(await visitor.AnswerAsync(slug, $"Guest {i}", $"guest{i}@example.net"));
            }
            finally
            {
                limit.Release();
            }
        }));

        Assert.All(outcomes, status => Assert.True(status == HttpStatusCode.Redirect, $"An answer got {(int)status}."));
        var (seatsTaken, confirmedPeople, waitlisted) = Query(db =>
        {
            using var command = db.CreateCommand();
            command.CommandText = """
                SELECT s.SeatsTaken,
                       (SELECT COALESCE(SUM(PartySize), 0) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Confirmed'),
                       (SELECT COUNT(*) FROM Rsvps r WHERE r.ScreeningId = s.Id AND r.Status = 'Waitlisted')
                FROM Screenings s WHERE s.Slug = $slug
                """;
            command.Parameters.AddWithValue("$slug", slug);
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        });
        Assert.Equal(100, confirmedPeople);
        Assert.Equal(100, seatsTaken);
        Assert.Equal(1900, waitlisted);
    }

    [Fact]
    public async Task Five_hundred_tickets_scanned_three_times_at_each_of_two_processes_are_admitted_exactly_once()
    {
        var slug = await SetUpAsync(capacity: 500);
        using (var limit = new SemaphoreSlim(32))
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(async i =>
            {
                await limit.WaitAsync();
                try
                {
                    Assert.Equal(HttpStatusCode.Redirect, await new Visitor(i % 2 == 0 ? _a : _b).AnswerAsync(slug, $"Guest {i}", $"guest{i}@example.net"));
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        var (codes, door) = Query(db =>
        {
            using var tickets = db.CreateCommand();
            tickets.CommandText = "SELECT Code FROM Tickets";
            var list = new List<string>();
            using (var reader = tickets.ExecuteReader())
            {
                while (reader.Read())
                {
                    list.Add(reader.GetString(0));
                }
            }

            using var token = db.CreateCommand();
            token.CommandText = "SELECT Token FROM DoorLinks";
            return (list, (string)token.ExecuteScalar()!);
        });
        Assert.Equal(500, codes.Count);

        // Each code three times at each process, shuffled (fixed seed) so that both doors race for the same tickets.
        var scans = codes.SelectMany(c => Enumerable.Range(0, 6).Select(k => (Code: c, App: k % 2 == 0 ? _a : _b))).ToList();
        var random = new Random(13);
        scans = [.. scans.OrderBy(_ => random.Next())];
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        using (var limit = new SemaphoreSlim(32))
        {
            await Task.WhenAll(scans.Select(async (scan, n) =>
            {
                await limit.WaitAsync();
                try
                {
                    var outcome = await scan.App.ScanAsync(slug, door, scan.Code, $"scan-{n}");
                    outcomes.AddOrUpdate(outcome, 1, (_, v) => v + 1);
                }
                finally
                {
                    limit.Release();
                }
            }));
        }

        Assert.Equal(500, outcomes.GetValueOrDefault("admitted"));
        Assert.Equal(2500, outcomes.GetValueOrDefault("already_checked_in"));
        Assert.Equal(500, Query(db =>
        {
            using var command = db.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Tickets WHERE CheckedInAtUtc IS NOT NULL";
            return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }));
    }

    /// <summary>A host registers on the first process, confirms, creates a screening and a door link; returns the slug.</summary>
    private async Task<string> SetUpAsync(int capacity)
    {
        var host = new Visitor(_a);
        await host.PostAsync("/account/register", "/account/register", [new("DisplayName", "Two Host"), new("Email", "host@example.org"), new("Password", Flows.Password), new("ConfirmPassword", Flows.Password)]);
        var confirm = Query(db =>
        {
            using var command = db.CreateCommand();
            command.CommandText = "SELECT TextBody FROM OutboxMessages WHERE ToAddress = 'host@example.org'";
            return ConfirmLink().Match(command.ExecuteScalar() as string ?? "").Value;
        });
        Assert.NotEqual("", confirm);
        await host.GetAsync(new Uri(confirm).PathAndQuery);
        await host.PostAsync("/account/login", "/account/login", [new("Email", "host@example.org"), new("Password", Flows.Password)]);

        var fields = Flows.ScreeningFields(capacity: capacity);
        fields["MaxPlusOnes"] = "0";
        var (status, location) = await host.PostAsync("/screenings/new", "/screenings/new", [.. fields]);
        Assert.True(status == HttpStatusCode.Redirect && location!.StartsWith("/s/", StringComparison.Ordinal), $"Creating the screening answered {(int)status} {location}.");
        var slug = location["/s/".Length..];
        var (doorStatus, _) = await host.PostAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", [new("Name", "Front door")]);
        Assert.Equal(HttpStatusCode.Redirect, doorStatus);
        return slug;
    }

    private T Query<T>(Func<SqliteConnection, T> read)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_data, "campaign.db")};Mode=ReadOnly");
        connection.Open();
        return read(connection);
    }

    [GeneratedRegex(@"https?://\S+/account/confirm-email\S+")]
    private static partial Regex ConfirmLink();

    /// <summary>One app process: the test project's own build of Campaign.Web, in Production, on a loopback port.</summary>
    private sealed class AppInstance : IAsyncDisposable
    {
        private readonly Process _process;

        private AppInstance(Process process, Uri address)
        {
            _process = process;
            Client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 128 }) { BaseAddress = address };
            // As behind a TLS-terminating proxy on loopback (trusted): outside Development cookies are Secure and antiforgery wants HTTPS.
            Client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        public HttpClient Client { get; }

        public static async Task<AppInstance> StartAsync(string data)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "Campaign.Web.dll"), $"--urls=http://127.0.0.1:{port}", $"--Campaign:DataDirectory={data}",
                "--Campaign:PublicBaseUrl=https://screenings.example.org", "--Mail:Mode=Pickup",
                $"--DataProtection:CertificatePath={TestCertificate.Path}", $"--DataProtection:CertificatePassword={TestCertificate.Password}",
                "--RateLimits:Rsvp:PermitLimit=100000", "--RateLimits:CheckIn:PermitLimit=100000", "--RateLimits:Login:PermitLimit=1000",
                "--RateLimits:Register:PermitLimit=1000", "--RateLimits:AccountMail:PermitLimit=1000",
            })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var app = new AppInstance(process, new Uri($"http://127.0.0.1:{port}"));
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    using var health = await app.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
                    if (health.StatusCode == HttpStatusCode.OK)
                    {
                        return app;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(200);
            }

            await app.DisposeAsync();
            throw new InvalidOperationException("The app process did not become ready within 90 s.");
        }

        public async Task<string> ScanAsync(string slug, string door, string code, string scanId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/checkin", UriKind.Relative))
            {
                Content = JsonContent.Create(new { screening = slug, code, scanId }),
            };
            request.Headers.Add("X-Door-Token", door);
            using var response = await Client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                return "http-" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("outcome").GetString() ?? "?";
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }
    }

    /// <summary>One person with their own cookies, on one of the processes, submitting forms with their antiforgery token.</summary>
    private sealed partial class Visitor(AppInstance app)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public async Task<HttpStatusCode> AnswerAsync(string slug, string name, string email)
        {
            var (status, _) = await PostAsync("/s/" + slug, $"/s/{slug}/rsvp", [.. RsvpFlows.Fields(name, email)]);
            return status;
        }

        public async Task<(HttpStatusCode Status, string? Location)> PostAsync(string formPage, string action, List<KeyValuePair<string, string>> fields)
        {
            var (_, html) = await GetAsync(formPage);
            var token = Token().Match(html);
            Assert.True(token.Success, $"{formPage} has no antiforgery token.");
            fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(action, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
            using var response = await SendAsync(request);
            return (response.StatusCode, response.Headers.Location?.OriginalString);
        }

        public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            using var response = await SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await app.Client.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _cookies[pair[..eq]] = pair[(eq + 1)..];
                }
            }

            return response;
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex Token();
    }
}
