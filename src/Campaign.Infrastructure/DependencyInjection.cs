using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Campaign.Infrastructure;

public static class DependencyInjection
{
    public const string SqliteMigrationsAssembly = "Campaign.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "Campaign.Migrations.SqlServer";

    public static IServiceCollection AddCampaignInfrastructure(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CampaignOptions>().BindConfiguration(CampaignOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitsOptions>().BindConfiguration(RateLimitsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new DataFolder(ResolveDataDirectory(sp.GetRequiredService<IOptions<CampaignOptions>>().Value, environment)));

        var provider = configuration.GetValue(DatabaseOptions.Section + ":Provider", DatabaseProvider.Sqlite);
        services.AddSingleton<MailSignal>();
        services.AddSingleton<OutboxSignalInterceptor>();
        // One per app instance: every pooled context of this instance (and the checkpointer) queues behind it.
        services.AddSingleton<SqliteWriteGate>();
        // Pooled: a request reuses a context instead of building one and its options (measured on the RSVP path, docs/performance.md).
        services.AddDbContextPool<CampaignDbContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>());
            var connectionString = configuration.GetConnectionString("Campaign");
            if (provider == DatabaseProvider.SqlServer)
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:Campaign is empty. Set it to the SQL Server connection string.");
                }

                options.UseSqlServer(connectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly).EnableRetryOnFailure());
            }
            else
            {
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    var folder = sp.GetRequiredService<DataFolder>();
                    connectionString = new SqliteConnectionStringBuilder
                    {
                        DataSource = Path.Combine(folder.Path, "campaign.db"),
                        DefaultTimeout = 30,
                        Pooling = true,
                    }.ToString();
                }

                // Every transaction and every write outside one waits on the instance's write gate (ADR 0013).
                options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
                    .AddInterceptors(new SqlitePragmas(), new SqliteWriteInterceptor(sp.GetRequiredService<SqliteWriteGate>()))
                    .ReplaceService<IRelationalTransactionFactory, GatedTransactionFactory>();
            }
        });

        services.AddSingleton(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            var folder = sp.GetRequiredService<DataFolder>();
            return new MailFolder(Path.IsPathRooted(mail.PickupDirectory) ? mail.PickupDirectory : Path.Combine(folder.Path, mail.PickupDirectory));
        });
        services.AddSingleton<IMailTransport>(sp =>
            sp.GetRequiredService<IOptions<MailOptions>>().Value.Mode == MailMode.Smtp
                ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
                : ActivatorUtilities.CreateInstance<PickupMailTransport>(sp));
        services.AddSingleton<MailSender>();
        services.AddScoped<MailOutbox>();
        services.AddSingleton<MailDispatcher>();
        if (provider == DatabaseProvider.Sqlite)
        {
            services.AddHostedService<SqliteCheckpointer>();
        }

        if (configuration.GetValue(MailOptions.Section + ":DispatchInBackground", true))
        {
            services.AddHostedService<MailDispatchService>();
        }

        return services;
    }

    public static string ResolveDataDirectory(CampaignOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var path = Path.IsPathRooted(options.DataDirectory)
            ? options.DataDirectory
            : Path.Combine(environment.ContentRootPath, options.DataDirectory);
        Directory.CreateDirectory(path);
        return path;
    }
}

/// <summary>The app's local data folder (SQLite file, mail pickup).</summary>
public sealed record DataFolder(string Path);
