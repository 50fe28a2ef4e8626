using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Campaign.Benchmarks;

/// <summary>The real app (Release build) as its own process on a loopback port, with its own data folder.</summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }

    public string DataDirectory { get; }

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>CPU time the app process has used so far (user + kernel), to tell work per request from waiting.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dll = FindAppDll();
        var port = FreePort();
        var data = Path.Combine(Path.GetTempPath(), "campaign-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        start.ArgumentList.Add($"--Campaign:DataDirectory={data}");
        // Production refuses to start without these two (links never come from the request; mail mode is a choice).
        start.ArgumentList.Add($"--Campaign:PublicBaseUrl=http://127.0.0.1:{port}");
        start.ArgumentList.Add("--Mail:Mode=Pickup");
        // Production encrypts the Data Protection keys with a certificate and will not start without one.
        var certificate = Path.Combine(data, "data-protection.pfx");
        WriteCertificate(certificate);
        start.ArgumentList.Add($"--DataProtection:CertificatePath={certificate}");
        start.ArgumentList.Add($"--DataProtection:CertificatePassword={CertificatePassword}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // BENCH_PERFMAP=1: the app writes /tmp/perf-PID.map so `perf record -g -p PID` names JIT-compiled methods.
        if (Environment.GetEnvironmentVariable("BENCH_PERFMAP") == "1")
        {
            start.Environment["DOTNET_PerfMapEnabled"] = "1";
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, $"http://127.0.0.1:{port}", data);

        using var client = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var health = await client.GetAsync(new Uri(app.BaseUrl + "/healthz"));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        await app.DisposeAsync();
        throw new InvalidOperationException("The app did not become healthy within 60 s.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    private const string CertificatePassword = "bench-only";

    /// <summary>A self-signed RSA certificate for this run only (nothing is committed).</summary>
    private static void WriteCertificate(string path)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Campaign benchmarks data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }

    private static string FindAppDll()
    {
        if (Environment.GetEnvironmentVariable("BENCH_APP_DLL") is { Length: > 0 } other)
        {
            return File.Exists(other) ? other : throw new FileNotFoundException("BENCH_APP_DLL names no file.", other);
        }

        var here = AppContext.BaseDirectory;
        var configuration = here.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Campaign.sln")))
        {
            dir = dir.Parent;
        }

        var dll = Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Campaign.sln not found above " + here),
            "src", "Campaign.Web", "bin", configuration, "net10.0", "Campaign.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the app first.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
