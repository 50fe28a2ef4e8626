using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Campaign.Infrastructure;

/// <summary>Unguessable URL-safe secrets for links (manage, invitation, unsubscribe...).</summary>
public static class SecretTokens
{
    /// <summary>144 random bits as 24 base64url characters.</summary>
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));

    /// <summary>Cheap shape check before touching the database: 24 base64url characters.</summary>
    public static bool LooksValid(string? token) =>
        token is { Length: 24 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
