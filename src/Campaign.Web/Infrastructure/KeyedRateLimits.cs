using System.Threading.RateLimiting;
using Campaign.Infrastructure.Configuration;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Limits counted per key the attribute policies cannot see before the action runs: an address typed into a form, or
/// the account a two-factor cookie names. One singleton per instance (like the attribute policies), fixed windows from
/// <see cref="RateLimitsOptions"/>.
/// </summary>
public sealed class KeyedRateLimits : IDisposable
{
    /// <summary>Log-in posts naming one address (<see cref="RateLimitsOptions.LoginAccount"/>).</summary>
    public const string LoginAccount = "login-account";

    /// <summary>Two-factor and recovery-code tries for one account, together (<see cref="RateLimitsOptions.TwoFactor"/>).</summary>
    public const string TwoFactor = "two-factor";

    private readonly PartitionedRateLimiter<(string Policy, string Key)> _limiter;

    public KeyedRateLimits(IOptions<RateLimitsOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.Create<(string Policy, string Key), (string, string)>(k =>
        {
            var rule = k.Policy switch
            {
                LoginAccount => limits.LoginAccount,
                TwoFactor => limits.TwoFactor,
                _ => throw new ArgumentOutOfRangeException(nameof(k), k.Policy, "Unknown keyed rate limit."),
            };
            return RateLimitPartition.GetFixedWindowLimiter(k, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = rule.PermitLimit,
                Window = TimeSpan.FromSeconds(rule.WindowSeconds),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    /// <summary>Takes one permit; returns null when allowed, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string policy, string key)
    {
        using var lease = _limiter.AttemptAcquire((policy, key));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
