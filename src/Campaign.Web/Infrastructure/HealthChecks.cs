using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Campaign.Web.Infrastructure;

public static class HealthTags
{
    /// <summary>/healthz: the process is up and its start-up (migrations included) has run. No database round trip.</summary>
    public const string Live = "live";

    /// <summary>/readyz: the database answers and has every migration applied.</summary>
    public const string Ready = "ready";
}

/// <summary>Set once <c>MigrateDatabaseAsync</c> has run (SQLite migrated; SQL Server migrated when configured to).</summary>
public sealed class StartupState
{
    private volatile bool _started;

    public bool Started => _started;

    public void MarkStarted() => _started = true;
}

/// <summary>Liveness: cheap enough for any probe rate (a field read).</summary>
internal sealed class StartedHealthCheck(StartupState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Started ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Starting: the database is not migrated yet."));
}

/// <summary>Readiness: healthy once the database answers and has every migration applied.</summary>
internal sealed class DatabaseHealthCheck(CampaignDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy("The database cannot be reached.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
        }
#pragma warning disable CA1031 // A health check reports any failure instead of throwing.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The database check failed.", ex);
        }
    }
}
