using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>One app with its people and a seeded world, shared by the proof tests of a class.</summary>
public class ProofApp : IAsyncLifetime
{
    public ProofApp()
        : this(SeededWorld.Settings)
    {
    }

    protected ProofApp(Dictionary<string, string?> settings) => App = new(settings: settings);

    public CampaignFactory App { get; }

    public SeededWorld.People Who { get; private set; } = null!;

    public SeededWorld World { get; private set; } = null!;

    public IReadOnlyList<AppEndpoint> Endpoints { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Who = await SeededWorld.People.CreateAsync(App);
        World = await SeededWorld.CreateAsync(Who);
        Endpoints = AppEndpoints.Of(App.Services);
        // Mail that is due goes out now, so delivering it later is not mistaken for a change a request made.
        App.DeliverMail();
    }

    public Task DisposeAsync()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
        return Task.CompletedTask;
    }

    /// <summary>The number of rows in every table (the outbox is one), to tell whether a request changed anything.</summary>
    public Dictionary<string, long> RowCounts() => App.WithDb(db =>
    {
        var connection = db.Database.GetDbConnection();
        db.Database.OpenConnection();
        try
        {
            var tables = new List<string>();
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var table in tables)
            {
                using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                counts[table] = (long)count.ExecuteScalar()!;
            }

            return counts;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    });

    /// <summary>What changed between two <see cref="RowCounts"/>, in words ("" when nothing).</summary>
    public static string Changes(Dictionary<string, long> before, Dictionary<string, long> after) =>
        string.Join(", ", after.Where(a => !before.TryGetValue(a.Key, out var b) || b != a.Value)
            .Select(a => $"{a.Key} {(before.TryGetValue(a.Key, out var b) ? b : 0)} -> {a.Value}"));

    /// <summary>
    /// Sends <paramref name="endpoint"/>'s request for <paramref name="path"/> as <paramref name="session"/> would: a form post
    /// with the session's own antiforgery token (unless <paramref name="withToken"/> is false), a JSON body for the door's
    /// API, the door link's header when the caller has one.
    /// </summary>
    public Task<WebSession.Page> SendAsync(AppEndpoint endpoint, string path, WebSession session, string? doorToken, bool withToken = true, string? host = null) =>
        SendAsync(endpoint, path, World, session, doorToken, withToken, host);

    /// <summary>As the other overload, with the values of <paramref name="world"/> in the door API's JSON body.</summary>
    public static async Task<WebSession.Page> SendAsync(AppEndpoint endpoint, string path, SeededWorld world, WebSession session, string? doorToken, bool withToken = true, string? host = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(path, UriKind.Relative));
        if (doorToken is not null)
        {
            request.Headers.Add(Campaign.Web.Infrastructure.ScreeningAccess.DoorHeader, doorToken);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (endpoint.Pattern.StartsWith("/api/", StringComparison.Ordinal))
        {
            request.Headers.Accept.ParseAdd("application/json");
            if (!endpoint.IsSafe)
            {
                request.Content = JsonContent.Create(new Dictionary<string, object>
                {
                    ["screening"] = world.Slug,
                    ["code"] = world.TicketCode,
                    ["ticket"] = world.TicketId,
                    ["tickets"] = new[] { world.TicketId },
                    ["name"] = "Proof walk-in",
                    ["partySize"] = 1,
                });
            }
        }
        else if (!endpoint.IsSafe)
        {
            var fields = new List<KeyValuePair<string, string>>();
            if (withToken && await TokenAsync(session) is { } token)
            {
                fields.Add(new("__RequestVerificationToken", token));
            }

            request.Content = new FormUrlEncodedContent(fields);
        }

        return await session.SendAsync(request);
    }

    /// <summary>The antiforgery token a page would give this session (the log-in page has a form for everyone).</summary>
    public static async Task<string?> TokenAsync(WebSession session)
    {
        var page = await session.GetAsync("/account/login");
        return page.AntiforgeryToken ?? (await session.GetAsync("/")).AntiforgeryToken;
    }

    /// <summary>Refused: not signed in (to the log-in page), denied, or not found.</summary>
    public static bool Refused(WebSession.Page page) =>
        page.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
        || (page.Status.IsRedirect() && page.Location is { } to
            && (to.Contains("/account/login", StringComparison.Ordinal) || to.Contains("/account/access-denied", StringComparison.Ordinal)));
}
