using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace Campaign.Web.Features.CheckIn;

/// <summary>
/// The check-in package a door phone keeps for deciding without the server (<c>GET /api/checkin/{slug}/package</c>):
/// public keys, revoked nonces, the revision, and the times that close the door. It holds no name and no place.
/// </summary>
public sealed record DoorPackage(
    [property: JsonPropertyName("screening")] Guid Screening,
    [property: JsonPropertyName("slug")] string Slug,
    [property: JsonPropertyName("revision")] string Revision,
    [property: JsonPropertyName("cancelled")] bool Cancelled,
    [property: JsonPropertyName("startsAt")] DateTime StartsAt,
    [property: JsonPropertyName("endsAt")] DateTime EndsAt,
    [property: JsonPropertyName("doorExpiresAt")] DateTime DoorExpiresAt,
    [property: JsonPropertyName("door")] string? Door,
    [property: JsonPropertyName("keys")] IReadOnlyList<DoorKey> Keys,
    [property: JsonPropertyName("revoked")] IReadOnlyList<string> Revoked,
    [property: JsonPropertyName("counts")] Counts Counts)
{
    /// <summary>
    /// The revision of a screening's package: its version (bumped by every change to the screening) and how many nonces
    /// no longer admit (cancelled tickets, which never become valid again, plus tombstones of deleted ones; deleting a
    /// cancelled ticket moves its nonce from one to the other). Both only grow, so any cancellation, release, deletion
    /// or screening change gives a new revision, read in the same query as the verdict. The third part counts the ticket
    /// keys plus the revoked ones (both only grow), so a rotation or a revocation (docs/tickets.md) refreshes every door.
    /// </summary>
    public static string RevisionOf(int screeningVersion, int revoked, int keys) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{screeningVersion}.{revoked}.{keys}");
}

/// <summary>A public key as a JWK (ES256), which WebCrypto imports.</summary>
public sealed record DoorKey(
    [property: JsonPropertyName("kid")] int Kid,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y)
{
    public static DoorKey Of((int KeyId, byte[] PublicKey) key)
    {
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(key.PublicKey, out _);
        var p = ec.ExportParameters(false);
        return new DoorKey(key.KeyId, "EC", "P-256", WebEncoders.Base64UrlEncode(p.Q.X!), WebEncoders.Base64UrlEncode(p.Q.Y!));
    }
}
