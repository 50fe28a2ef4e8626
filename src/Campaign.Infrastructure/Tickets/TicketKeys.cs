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

    internal static TicketSigningKey Create(int keyId, ECDsa key, IDataProtector protector, DateTime nowUtc) => new()
    {
        KeyId = keyId,
        PublicKey = key.ExportSubjectPublicKeyInfo(),
        ProtectedPrivateKey = protector.Protect(key.ExportPkcs8PrivateKey()),
        CreatedAtUtc = nowUtc,
    };
}

/// <summary>
/// Loads ticket keys from the database (shared by every app instance) and creates the first one on demand. Keys never
/// change once written, so they are cached; an unknown key id is looked up again (another instance may have rotated).
/// </summary>
public sealed class TicketKeys(IServiceScopeFactory scopes, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Campaign.Tickets.SigningKey.v1");
    private readonly ConcurrentDictionary<int, byte[]> _public = new();
    private (int KeyId, byte[] Pkcs8)? _signing;

    // Importing a key costs about as much as signing or checking with it: each thread keeps the ECDsa instances it
    // imported (they are not shared between threads), keyed by the key's byte array, so a rotated key, or the same key
    // read again by another app in the same process (tests), gets its own.
    [ThreadStatic]
    private static Dictionary<byte[], ECDsa>? t_imported;

    /// <summary>Makes the first key when there is none (at start-up, after migrations).</summary>
    public async Task EnsureAsync(CancellationToken ct) => _signing = await LoadSigningAsync(ct);

    /// <summary>Signs a new code for a ticket of the screening with the newest key.</summary>
    public async Task<(string Code, TicketCode.Payload Payload)> NewCodeAsync(Guid screeningId, CancellationToken ct)
    {
        var (keyId, pkcs8) = _signing ??= await LoadSigningAsync(ct);
        return TicketCode.Create(Imported(pkcs8, (key, bytes) => key.ImportPkcs8PrivateKey(bytes, out _)), (byte)keyId, screeningId);
    }

    /// <summary>The payload of a genuine code (signature checked), or null for anything forged, mutated or unknown.</summary>
    public async Task<TicketCode.Payload?> VerifyAsync(string? code, CancellationToken ct)
    {
        if (TicketCode.Parse(code) is not { } parsed)
        {
            return null;
        }

        var spki = await PublicKeyAsync(parsed.Payload.KeyId, ct);
        if (spki is null)
        {
            return null;
        }

        var verifier = Imported(spki, (key, bytes) => key.ImportSubjectPublicKeyInfo(bytes, out _));
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

    /// <summary>Every key's public half (for offline scanners), newest first.</summary>
    public async Task<IReadOnlyList<(int KeyId, byte[] PublicKey)>> PublicKeysAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var keys = await db.TicketSigningKeys.AsNoTracking().OrderByDescending(k => k.KeyId).Select(k => new { k.KeyId, k.PublicKey }).ToListAsync(ct);
        return [.. keys.Select(k => (k.KeyId, k.PublicKey))];
    }

    /// <summary>Adds a new newest key; codes already issued stay valid under their old key.</summary>
    public async Task<int> RotateAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var newest = await db.TicketSigningKeys.MaxAsync(k => (int?)k.KeyId, ct) ?? 0;
        if (newest >= 255)
        {
            throw new InvalidOperationException("All 255 ticket key ids are used.");
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        db.TicketSigningKeys.Add(TicketSigningKey.Create(newest + 1, key, _protector, clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
        _signing = null;
        return newest + 1;
    }

    private async Task<byte[]?> PublicKeyAsync(byte keyId, CancellationToken ct)
    {
        if (_public.TryGetValue(keyId, out var known))
        {
            return known;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var spki = await db.TicketSigningKeys.AsNoTracking().Where(k => k.KeyId == keyId).Select(k => k.PublicKey).SingleOrDefaultAsync(ct);
        if (spki is not null)
        {
            _public[keyId] = spki;
        }

        return spki;
    }

    private async Task<(int, byte[])> LoadSigningAsync(CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var newest = await db.TicketSigningKeys.AsNoTracking().OrderByDescending(k => k.KeyId).FirstOrDefaultAsync(ct);
            if (newest is not null)
            {
                return (newest.KeyId, _protector.Unprotect(newest.ProtectedPrivateKey));
            }

            try
            {
                using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                db.TicketSigningKeys.Add(TicketSigningKey.Create(1, key, _protector, clock.GetUtcNow().UtcDateTime));
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance created key 1 at the same moment: read theirs.
            }
        }
    }
}
