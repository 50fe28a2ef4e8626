using System.Numerics;
using System.Security.Cryptography;

namespace Campaign.Infrastructure.Tickets;

/// <summary>
/// The signed ticket code (docs/tickets.md): version 1, key id, screening id, 128 random bits, then an ECDSA P-256
/// signature (SHA-256, IEEE P1363 r||s) over those 34 bytes; the 98 bytes in RFC 4648 base32 without padding, so the
/// QR code uses its compact alphanumeric mode.
/// </summary>
public static class TicketCode
{
    public const byte FormatVersion = 1;
    public const int PayloadLength = 34;
    public const int SignatureLength = 64;
    public const int CodeLength = 157; // ceil(98 * 8 / 5)
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    // The order of P-256's base point. A signature (r, s) has a twin (r, n - s) that verifies as well; only the one
    // with s <= n / 2 ("low S") is a ticket's spelling, so a code cannot be re-spelt into a second valid code.
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger HalfOrder = Order / 2;

    /// <summary>The signed parts of a code.</summary>
    public sealed record Payload(byte KeyId, Guid ScreeningId, byte[] Nonce)
    {
        /// <summary>The nonce as the database stores it (base64url).</summary>
        public string NonceText => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(Nonce);
    }

    /// <summary>
    /// A short form for people to read under the QR code ("K7QD-3MXA"): eight characters of the nonce's base32 (bits
    /// 150-189 of the code, all within the nonce), so it differs per ticket and never changes. A label only: the door
    /// admits by the full code.
    /// </summary>
    public static string ShortForm(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length < 38 ? code : string.Concat(code.AsSpan(30, 4), "-", code.AsSpan(34, 4));
    }

    public static byte[] PayloadBytes(byte keyId, Guid screeningId, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != 16)
        {
            throw new ArgumentException("The nonce is 16 bytes.", nameof(nonce));
        }

        var bytes = new byte[PayloadLength];
        bytes[0] = FormatVersion;
        bytes[1] = keyId;
        screeningId.TryWriteBytes(bytes.AsSpan(2, 16), bigEndian: true, out _);
        nonce.CopyTo(bytes.AsSpan(18));
        return bytes;
    }

    /// <summary>Signs a new code for a ticket of <paramref name="screeningId"/>.</summary>
    public static (string Code, Payload Payload) Create(ECDsa key, byte keyId, Guid screeningId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var nonce = RandomNumberGenerator.GetBytes(16);
        var payload = PayloadBytes(keyId, screeningId, nonce);
        var signature = LowS(key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        return (Base32([.. payload, .. signature]), new Payload(keyId, screeningId, nonce));
    }

    /// <summary>
    /// Reads a scanned or typed code without trusting it: null unless it has the right shape. The signature is checked
    /// separately with <see cref="Verify"/>, once the key for <see cref="Payload.KeyId"/> is known. One spelling per
    /// ticket (docs/tickets.md): exactly 157 characters of the alphabet, ASCII a-z read as A-Z; nothing else, not even
    /// whitespace or a character that upper-cases to a letter of the alphabet (U+017F becomes S).
    /// </summary>
    public static (Payload Payload, byte[] PayloadBytes, byte[] Signature)? Parse(string? code)
    {
        if (Canonical(code) is not { } text)
        {
            return null;
        }

        var bytes = FromBase32(text);
        if (bytes is null || bytes.Length != PayloadLength + SignatureLength || bytes[0] != FormatVersion)
        {
            return null;
        }

        var guid = new Guid(bytes.AsSpan(2, 16), bigEndian: true);
        return (new Payload(bytes[1], guid, bytes[18..34]), bytes[..PayloadLength], bytes[PayloadLength..]);
    }

    /// <summary>The code upper-cased (ASCII a-z only), or null unless it is 157 characters of the alphabet.</summary>
    public static string? Canonical(string? code)
    {
        if (code is not { Length: CodeLength })
        {
            return null;
        }

        return string.Create(CodeLength, code, static (chars, code) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                var c = code[i];
                chars[i] = c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'A') : c;
            }
        }) is var text && text.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7') ? text : null;
    }

    /// <summary>A genuine low-S signature; the high-S twin of a genuine signature is refused.</summary>
    public static bool Verify(ECDsa publicKey, byte[] payload, byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(signature);
        return !IsHighS(signature) && publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether s (the second half of an r||s signature) is above n / 2.</summary>
    public static bool IsHighS(ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureLength && new BigInteger(signature[32..], isUnsigned: true, isBigEndian: true) > HalfOrder;

    /// <summary>The same signature with s replaced by n - s when s is above n / 2.</summary>
    public static byte[] LowS(byte[] signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (!IsHighS(signature))
        {
            return signature;
        }

        var s = Order - new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var low = (byte[])signature.Clone();
        low.AsSpan(32).Clear();
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(low.AsSpan(SignatureLength - bytes.Length));
        return low;
    }

    /// <summary>
    /// The key id in a code's first four characters (which hold the version byte, the key id and four bits of the
    /// screening id), or -1 when they are not base32. Used on the code column to see which keys signed a screening's tickets.
    /// </summary>
    public static int KeyIdOf(string? code)
    {
        if (code is not { Length: >= 4 })
        {
            return -1;
        }

        var bits = 0;
        for (var i = 0; i < 4; i++)
        {
            var c = code[i];
            var value = c is >= 'A' and <= 'Z' ? c - 'A' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (value < 0)
            {
                return -1;
            }

            bits = (bits << 5) | value;
        }

        return (bits >> 4) & 0xFF;
    }

    /// <summary>The sixteen possible first four characters of a code signed with <paramref name="keyId"/> (see <see cref="KeyIdOf"/>).</summary>
    public static IReadOnlyList<string> PrefixesOf(byte keyId) =>
        [.. Enumerable.Range(0, 16).Select(low => Base32([FormatVersion, keyId, (byte)(low << 4)])[..4])];

    public static string Base32(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, i = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                chars[i++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            chars[i++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(chars, 0, i);
    }

    public static byte[]? FromBase32(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, i = 0;
        foreach (var c in text)
        {
            var value = c is >= 'A' and <= 'Z' ? c - 'A' : c is >= '2' and <= '7' ? c - '2' + 26 : -1;
            if (value < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes[i++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }

            buffer &= (1 << bits) - 1;
        }

        // Leftover bits must be zero, so one byte string has exactly one spelling.
        return buffer == 0 ? bytes : null;
    }
}
