using Campaign.Infrastructure.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Xunit.Sdk;

namespace Campaign.Web.Tests;

/// <summary>
/// The one switch between the databases a test can run on. <see cref="Sqlite"/>: each app its own SQLite file (or, with
/// <c>shared</c>, one file for several app instances). <see cref="SqlServer"/>: a database of its own on the server that
/// CAMPAIGN_TEST_SQLSERVER names, created and migrated by the first app's start-up with the SQL Server migrations
/// (Database:MigrateOnStartup) and dropped on dispose. Dispose it after the apps that use it.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";

    private readonly string? _folder;
    private readonly string? _sqlServer;

    private TestDatabase(Dictionary<string, string?> settings, string? folder, string? sqlServer)
    {
        Settings = settings;
        _folder = folder;
        _sqlServer = sqlServer;
    }

    /// <summary>The configuration keys that point an app at this database (merge them into a factory's settings).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>A database of <paramref name="provider"/>; <paramref name="shared"/>: SQLite in one file that several apps can open.</summary>
    public static TestDatabase Create(string provider, bool shared = false)
    {
        switch (provider)
        {
            case Sqlite when !shared:
                return new TestDatabase(new Dictionary<string, string?>(StringComparer.Ordinal), null, null);
            case Sqlite:
                var folder = Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(folder);
                return new TestDatabase(new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["ConnectionStrings:Campaign"] = $"Data Source={Path.Combine(folder, "shared.db")};Default Timeout=30",
                }, folder, null);
            case SqlServer:
                var server = SqlServerDataAttribute.ConnectionString
                    ?? throw new InvalidOperationException("CAMPAIGN_TEST_SQLSERVER is not set: this test should have been skipped.");
                var builder = new SqlConnectionStringBuilder(server) { InitialCatalog = "CampaignTest_" + Guid.NewGuid().ToString("N") };
                return new TestDatabase(new Dictionary<string, string?>(StringComparer.Ordinal)
                {
                    ["Database:Provider"] = "SqlServer",
                    ["Database:MigrateOnStartup"] = "true",
                    ["ConnectionStrings:Campaign"] = builder.ConnectionString,
                }, null, builder.ConnectionString);
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Sqlite or SqlServer.");
        }
    }

    /// <summary>These settings with <paramref name="more"/> on top (a test's own keys).</summary>
    public Dictionary<string, string?> With(IDictionary<string, string?>? more = null)
    {
        var all = new Dictionary<string, string?>(Settings, StringComparer.Ordinal);
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    public void Dispose()
    {
        if (_sqlServer is not null)
        {
            // EnsureDeleted sets the database to single user (rolling back what a pooled connection holds) and drops it.
            SqlConnection.ClearAllPools();
            using var db = new CampaignDbContext(new DbContextOptionsBuilder<CampaignDbContext>().UseSqlServer(_sqlServer).Options);
            db.Database.EnsureDeleted();
        }

        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned by the OS later.
            }
        }
    }
}

/// <summary>
/// The SQL Server row of a database theory: <c>[Theory, InlineData(TestDatabase.Sqlite), SqlServerData]</c>. Skipped
/// (and reported as skipped) unless CAMPAIGN_TEST_SQLSERVER holds a connection string; see docs/deployment.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SqlServerDataAttribute : DataAttribute
{
    public const string Variable = "CAMPAIGN_TEST_SQLSERVER";

    public SqlServerDataAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = $"Set {Variable} to a SQL Server connection string to run this on SQL Server (docs/deployment.md).";
        }
    }

    /// <summary>The server the SQL Server rows (and <see cref="SqlServerFactAttribute"/> tests) run against; null when unset.</summary>
    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { } s && !string.IsNullOrWhiteSpace(s) ? s : null;

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [[TestDatabase.SqlServer]];
}
