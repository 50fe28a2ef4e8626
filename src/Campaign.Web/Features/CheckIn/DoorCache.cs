using Microsoft.Extensions.Caching.Memory;

namespace Campaign.Web.Features.CheckIn;

/// <summary>
/// What every scan looks up and what rarely changes — the screening by slug, a door link by token, whether an account is a
/// co-host — kept on this instance for a few seconds, so a scan costs its ticket's read and write, not five queries.
/// Anything that takes a right away (revoking a door link, removing a co-host) calls <see cref="Forget"/>: this instance
/// sees it at once; other instances at most <see cref="Lifetime"/> later (docs/decisions/0012-door-cache.md). Whether a
/// ticket is admitted never comes from here: the ticket, its screening's cancellation and the counts are read fresh.
/// Values are no-tracking entities shared between requests: read them, never attach or change them.
/// </summary>
public sealed class DoorCache : IDisposable
{
    /// <summary>How long another instance may go on honouring a revoked door link or a removed co-host.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    // Bounded, so made-up slugs or tokens cannot grow it (misses are not kept anyway).
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 10_000 });
    private readonly Lock _gate = new();
    private long _generation;

    /// <summary>The cached value, or <paramref name="load"/>'s; a null (not found) is not kept, so the next call asks again.</summary>
    public async Task<T?> GetAsync<T>(string kind, string key, Func<Task<T?>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        var cacheKey = (kind, key);
        if (_cache.TryGetValue(cacheKey, out T? known))
        {
            return known;
        }

        // A read that began before a Forget may have seen the right still there: it is answered, but not kept.
        var generation = Interlocked.Read(ref _generation);
        var value = await load();
        if (value is not null)
        {
            lock (_gate)
            {
                if (_generation == generation)
                {
                    _cache.Set(cacheKey, value, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Lifetime, Size = 1 });
                }
            }
        }

        return value;
    }

    /// <summary>
    /// Drops everything on this instance. Rights are taken away rarely, so one cheap rule beats tracking which entries a
    /// change touches; the next scans read again.
    /// </summary>
    public void Forget()
    {
        lock (_gate)
        {
            _generation++;
            _cache.Clear();
        }
    }

    public void Dispose() => _cache.Dispose();
}
