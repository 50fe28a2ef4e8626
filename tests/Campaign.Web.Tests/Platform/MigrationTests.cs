using Campaign.Infrastructure.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Campaign.Web.Tests;

/// <summary>Both providers' migrations match the model the app builds (Identity options included).</summary>
public sealed class MigrationTests
{
    private static CampaignFactory SqlServerApp() => new(settings: new Dictionary<string, string?>
    {
        ["Database:Provider"] = "SqlServer",
        // No SQL Server runs here: nothing connects unless a test asks it to.
        ["ConnectionStrings:Campaign"] = "Server=127.0.0.1,1;Database=CampaignModelCheck;User Id=sa;Password=unused;TrustServerCertificate=True;Connect Timeout=1",
    });

    [Fact]
    public void Sqlite_migrations_cover_the_whole_model()
    {
        using var app = new CampaignFactory();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration: run dotnet ef migrations add (docs/migrations.md).");
    }

    [Fact]
    public void Sql_server_migrations_cover_the_whole_model()
    {
        using var app = SqlServerApp();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        Assert.Equal("Microsoft.EntityFrameworkCore.SqlServer", db.Database.ProviderName);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQL Server migration: run dotnet ef migrations add (docs/migrations.md).");
    }

    [Fact]
    public async Task Sqlite_migrates_an_empty_database_to_every_table_at_start_up()
    {
        var file = Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N") + ".db");
        Assert.False(File.Exists(file));
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:Campaign"] = $"Data Source={file}" });

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            Assert.NotEmpty(db.Database.GetMigrations());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        var tables = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("Screenings", tables);
        Assert.Contains("AspNetUsers", tables);
        Assert.Contains("AspNetUserPasskeys", tables);
        Assert.Contains("DataProtectionKeys", tables);
        SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    [Fact]
    public void Sql_server_idempotent_script_parses_including_exec_bodies()
    {
        using var app = SqlServerApp();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Screenings]", script, StringComparison.Ordinal);
        var batches = System.Text.RegularExpressions.Regex.Split(script, @"^\s*GO\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Where(b => !string.IsNullOrWhiteSpace(b)).ToArray();
        var parser = new TSql170Parser(initialQuotedIdentifiers: true);
        var execBodies = 0;
        var statements = 0;
        foreach (var batch in batches)
        {
            AssertParses(parser, batch);
            // EF wraps some statements in EXEC(N'...'); their strings are SQL too.
            var fragment = parser.Parse(new StringReader(batch), out _);
            statements += ((TSqlScript)fragment).Batches.Sum(b => b.Statements.Count);
            var visitor = new ExecStringCollector();
            fragment.Accept(visitor);
            foreach (var body in visitor.Bodies)
            {
                AssertParses(parser, body);
                execBodies++;
            }
        }

        Assert.True(statements > 10, $"The script holds the initial migration's statements ({statements} parsed).");
        Assert.True(execBodies > 0, "The idempotent script wraps statements in EXEC; they were checked.");
    }

    [SqlServerFact]
    public async Task Live_sql_server_migrates_from_empty()
    {
        var connectionString = SqlServerFactAttribute.ConnectionString!;
        var builder = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(connectionString)
        {
            InitialCatalog = "CampaignTest_" + Guid.NewGuid().ToString("N")[..8],
        };
        var options = new DbContextOptionsBuilder<CampaignDbContext>()
            .UseSqlServer(builder.ConnectionString, o => o.MigrationsAssembly("Campaign.Migrations.SqlServer"))
            .Options;
        await using var db = new CampaignDbContext(options);
        try
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Screenings.CountAsync());
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }

    private static void AssertParses(TSqlParser parser, string sql)
    {
        parser.Parse(new StringReader(sql), out var errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n---\n" + sql);
    }

    private sealed class ExecStringCollector : TSqlFragmentVisitor
    {
        public List<string> Bodies { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            foreach (var part in node.Strings.OfType<StringLiteral>())
            {
                Bodies.Add(part.Value);
            }
        }
    }
}

/// <summary>Runs only when CAMPAIGN_TEST_SQLSERVER holds a connection string (no SQL Server runs on the build machine); skipped otherwise.</summary>
public sealed class SqlServerFactAttribute : FactAttribute
{
    public SqlServerFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            Skip = "Set CAMPAIGN_TEST_SQLSERVER to a SQL Server connection string to run live SQL Server tests.";
        }
    }

    public static string? ConnectionString => SqlServerDataAttribute.ConnectionString;
}
