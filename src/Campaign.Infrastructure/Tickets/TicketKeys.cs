using System.Collections.Concurrent;
using System.Security.Cryptography;
using Campaign.Infrastructure.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Infrastructure.Tickets;

/// <summary>An ECDSA P-256 key that signs ticket codes. The newest key signs; every key still verifies (rotation).</summary>
public sealed class TicketSigningKey
{
    private TicketSigningKey() { }

    /// <summary>1..255, in the code's second byte.</summary>
    public int KeyId { get; private set; }

    /// <summary>SubjectPublicKeyInfo (DER): what an offline scanner needs.</summary>
    public byte[] PublicKey { get; private set; } = [];

    /// <summary>PKCS#8 private key protected with ASP.NET Core Data Protection.</summary>
    public byte[] ProtectedPrivateKey { get; private set; } = [];

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When staff revoked it (it may have leaked): it neither signs nor verifies, and doors no longer get it.</summary>
    public DateTime? RevokedAtUtc { get; private set; }

    /// <summary>Stops the key verifying anything. Revoking twice changes nothing.</summary>
    public void Revoke(DateTime nowUtc) => RevokedAtUtc ??= nowUtc;

    internal static TicketSigningKey Create(int keyId, ECDsa key, IDataProtector protector, DateTime nowUtc) => new()
    {
        KeyId = keyId,
        PublicKey = key.ExportSubjectPublicKeyInfo(),
        ProtectedPrivateKey = protector.Protect(key.ExportPkcs8PrivateKey()),
        CreatedAtUtc = nowUtc,
    };
}

/// <summary>
/// Loads ticket keys from the database (shared by every app instance) and creates the first one on demand. The keys are
/// cached and read again every <see cref="RefreshEvery"/>, so a key rotated or revoked on another instance (or by the
/// <c>rotate-ticket-keys</c> command) signs, or stops verifying, here within a minute, without a restart. An unknown key
/// id is looked up again at once (at most once a second): another instance may have rotated.
/// </summary>
public sealed class TicketKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock) : IDisposable
{
    /// <summary>How long an instance goes on using the keys it read: a rotation reaches every instance within this.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan UnknownKeyLookup = TimeSpan.FromSeconds(1);

    private readonly IDataProtector _protector = protection.CreateProtector("Campaign.Tickets.SigningKey.v1");
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Ring? _ring;

    private sealed record Known(byte[] PublicKey, bool Revoked);

    /// <summary>What this instance signs and verifies with, and when it read it.</summary>
    private sealed record Ring(DateTimeOffset LoadedAt, int SigningKeyId, byte[] SigningPkcs8, IReadOnlyDictionary<int, Known> Keys);

    // Importing a key costs about as much as signing or checking with it: each thread keeps the ECDsa instances it
    // imported (they are not shared between threads), keyed by the key's byte array, so a rotated key, or the same key
    // read again by another app in the same process (tests), gets its own. A reload keeps the arrays it already had.
    [ThreadStatic]
    private static Dictionary<byte[], ECDsa>? t_imported;

    public void Dispose() => _loading.Dispose();

    /// <summary>Makes the first key when there is none (at start-up, after migrations).</summary>
    public async Task EnsureAsync(CancellationToken ct) => await LoadAsync(force: true, ct);

    /// <summary>Forgets the cached keys: the next use reads them again (after a rotation or revocation made here).</summary>
    public void Forget() => _ring = null;

    /// <summary>The key id new codes are signed with on this instance now.</summary>
    public async Task<int> SigningKeyIdAsync(CancellationToken ct) => (await RingAsync(ct)).SigningKeyId;

    /// <summary>Signs a new code for a ticket of the screening with the newest key that is not revoked.</summary>
    public async Task<(string Code, TicketCode.Payload Payload)> NewCodeAsync(Guid screeningId, CancellationToken ct)
    {
        var ring = await RingAsync(ct);
        return TicketCode.Create(Imported(ring.SigningPkcs8, (key, bytes) => key.ImportPkcs8PrivateKey(bytes, out _)), (byte)ring.SigningKeyId, screeningId);
    }

    /// <summary>The payload of a genuine code (signature checked), or null for anything forged, mutated, unknown or under a revoked key.</summary>
    public async Task<TicketCode.Payload?> VerifyAsync(string? code, CancellationToken ct)
    {
        if (TicketCode.Parse(code) is not { } parsed)
        {
            return null;
        }

        var ring = await RingAsync(ct);
        if (!ring.Keys.TryGetValue(parsed.Payload.KeyId, out var known) && clock.GetUtcNow() - ring.LoadedAt >= UnknownKeyLookup)
        {
            ring = await LoadAsync(force: true, ct);
            ring.Keys.TryGetValue(parsed.Payload.KeyId, out known);
        }

        if (known is null || known.Revoked)
        {
            return null;
        }

        var verifier = Imported(known.PublicKey, (key, bytes) => key.ImportSubjectPublicKeyInfo(bytes, out _));
        if (TicketCode.Verify(verifier, parsed.PayloadBytes, parsed.Signature))
        {
            return parsed.Payload;
        }

        // Codes issued before signing was made low-S (docs/decisions/0016) stay valid exactly as issued: a genuine
        // high-S signature is accepted only when a ticket holds that very code. A forged one never reaches the query.
        if (!TicketCode.IsHighS(parsed.Signature)
            || !verifier.VerifyData(parsed.PayloadBytes, parsed.Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return null;
        }

        var text = TicketCode.Canonical(code);
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var nonce = parsed.Payload.NonceText;
        return await db.Tickets.AsNoTracking().AnyAsync(t => t.Nonce == nonce && t.Code == text, ct) ? parsed.Payload : null;
    }

    private static ECDsa Imported(byte[] keyBytes, Action<ECDsa, byte[]> import)
    {
        var imported = t_imported ??= new Dictionary<byte[], ECDsa>(ReferenceEqualityComparer.Instance);
        if (!imported.TryGetValue(keyBytes, out var key))
        {
            if (imported.Count >= 16)
            {
                // Only after many apps in one process (tests) or many rotations: start again rather than grow.
                foreach (var old in imported.Values)
                {
                    old.Dispose();
                }

                imported.Clear();
            }

            key = ECDsa.Create();
            import(key, keyBytes);
            imported[keyBytes] = key;
        }

        return key;
    }

    /// <summary>
    /// The public keys a door of one screening needs (read fresh from the database, not from the cache): the newest key
    /// that is not revoked (new tickets are signed with it) and every other key that is not revoked and signed a ticket of
    /// that screening, so an old key stays in the door's package until the screening's tickets are over. Newest first.
    /// </summary>
    public async Task<IReadOnlyList<(int KeyId, byte[] PublicKey)>> PublicKeysAsync(Guid screeningId, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var keys = await db.TicketSigningKeys.AsNoTracking().Where(k => k.RevokedAtUtc == null).OrderByDescending(k => k.KeyId)
            .Select(k => new { k.KeyId, k.PublicKey }).ToListAsync(ct);
        // The first four characters of a code hold its version and key id (and four bits of the screening id, the same
        // for every ticket of one screening): one row per key in use, read from the index-covered code column.
        var prefixes = await db.Tickets.AsNoTracking().Where(t => t.ScreeningId == screeningId).Select(t => t.Code.Substring(0, 4)).Distinct().ToListAsync(ct);
        var inUse = prefixes.Select(TicketCode.KeyIdOf).ToHashSet();
        return [.. keys.Where((k, i) => i == 0 || inUse.Contains(k.KeyId)).Select(k => (k.KeyId, k.PublicKey))];
    }

    /// <summary>
    /// Adds a new newest key; codes already issued stay valid under their old key. This instance signs with it at once,
    /// every other instance within <see cref="RefreshEvery"/>.
    /// </summary>
    public async Task<int> RotateAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        for (var attempt = 0; ; attempt++)
        {
            var newest = await db.TicketSigningKeys.MaxAsync(k => (int?)k.KeyId, ct) ?? 0;
            if (newest >= 255)
            {
                throw new InvalidOperationException("All 255 ticket key ids are used.");
            }

            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            db.TicketSigningKeys.Add(TicketSigningKey.Create(newest + 1, key, _protector, clock.GetUtcNow().UtcDateTime));
            try
            {
                await db.SaveChangesAsync(ct);
                Forget();
                return newest + 1;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance rotated at the same moment: take the next id.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async ValueTask<Ring> RingAsync(CancellationToken ct)
    {
        var ring = _ring;
        return ring is not null && clock.GetUtcNow() - ring.LoadedAt < RefreshEvery ? ring : await LoadAsync(force: false, ct);
    }

    /// <summary>Reads the keys again. One thread at a time; when the keys are only stale, the others go on with them meanwhile.</summary>
    private async Task<Ring> LoadAsync(bool force, CancellationToken ct)
    {
        var before = _ring;
        if (before is not null && !force)
        {
            if (!await _loading.WaitAsync(0, ct))
            {
                return before;
            }
        }
        else
        {
            await _loading.WaitAsync(ct);
        }

        try
        {
            // Another thread may have read them while this one waited.
            if (_ring is { } fresh && !ReferenceEquals(fresh, before))
            {
                return fresh;
            }

            var loaded = await ReadAsync(before, ct);
            _ring = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<Ring> ReadAsync(Ring? before, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetUtcNow();
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var all = await db.TicketSigningKeys.AsNoTracking().OrderByDescending(k => k.KeyId).ToListAsync(ct);
            var signing = all.FirstOrDefault(k => k.RevokedAtUtc is null);
            if (signing is not null)
            {
                // Keep the byte arrays already imported (see t_imported) when the key is the same.
                var keys = all.ToDictionary(k => k.KeyId, k => new Known(
                    before?.Keys.TryGetValue(k.KeyId, out var old) == true && old.PublicKey.AsSpan().SequenceEqual(k.PublicKey) ? old.PublicKey : k.PublicKey,
                    k.RevokedAtUtc is not null));
                var pkcs8 = before?.SigningKeyId == signing.KeyId ? before.SigningPkcs8 : _protector.Unprotect(signing.ProtectedPrivateKey);
                return new Ring(now, signing.KeyId, pkcs8, keys);
            }

            try
            {
                // No key yet (or every key revoked): make the next one.
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                db.TicketSigningKeys.Add(TicketSigningKey.Create((all.FirstOrDefault()?.KeyId ?? 0) + 1, key, _protector, now.UtcDateTime));
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance created it at the same moment: read theirs.
            }
        }
    }
}
