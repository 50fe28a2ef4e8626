using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Campaign.Web.Infrastructure;

/// <summary>How the app's cookies are named and sent: Secure and <c>__Host-</c> outside Development.</summary>
internal sealed class CookieRules(bool development)
{
    public const string HostPrefix = "__Host-";

    public void Apply(CookieBuilder cookie, string name)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        cookie.Name = development ? name : HostPrefix + name;
        cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
        cookie.HttpOnly = true;
    }
}

/// <summary>
/// The certificate (a PFX with its private key) that encrypts the Data Protection keys at rest outside Development:
/// <c>DataProtection:CertificatePath</c> and <c>DataProtection:CertificatePassword</c>. Start-up stops without it.
/// </summary>
internal static class DataProtectionCertificate
{
    public const string PathKey = "DataProtection:CertificatePath";
    public const string PasswordKey = "DataProtection:CertificatePassword";

    public static X509Certificate2 Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var path = configuration[PathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException(
                $"{PathKey} is empty. Outside Development the Data Protection keys (which protect sign-in cookies and the ticket signing keys) " +
                $"are encrypted at rest with a certificate: set {PathKey} to a PFX file with its private key and {PasswordKey} to its password " +
                "(e.g. the environment variables DataProtection__CertificatePath and DataProtection__CertificatePassword). See docs/deployment.md.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[PasswordKey], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{PathKey} ('{path}') could not be read as a PFX with {PasswordKey}: {e.Message} See docs/deployment.md.", e);
        }

        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            certificate.Dispose();
            throw new InvalidOperationException($"{PathKey} ('{path}') must hold an RSA certificate with its private key. See docs/deployment.md.");
        }

        return certificate;
    }
}
