using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Campaign.Web.Tests;

/// <summary>A self-signed RSA certificate (PFX) made once per test run, for the Data Protection key encryption; nothing is committed.</summary>
public static class TestCertificate
{
    private static readonly Lazy<string> File = new(Create);

    public static string Password => "test-only";

    public static string Path => File.Value;

    /// <summary>Writes a new certificate to a temp file and returns its path.</summary>
    public static string Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Campaign tests data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "campaign-tests");
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, "data-protection-" + Guid.NewGuid().ToString("N") + ".pfx");
        System.IO.File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }
}
