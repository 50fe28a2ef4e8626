using System.Diagnostics;

namespace Campaign.Web.Tests;

/// <summary>Reads QR images with Debian's zbarimg (zbar-tools), an independent decoder.</summary>
public static class QrDecoder
{
    public static string Decode(byte[] image, string extension = ".png")
    {
        var file = Path.Combine(Path.GetTempPath(), $"campaign-qr-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(file, image);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("zbarimg", ["-q", "--raw", file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            }) ?? throw new InvalidOperationException("zbarimg did not start; install zbar-tools.");
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit(30_000);
            Assert.True(process.ExitCode == 0, $"zbarimg found no QR code (exit {process.ExitCode}): {process.StandardError.ReadToEnd()}");
            return output.TrimEnd('\n', '\r');
        }
        finally
        {
            File.Delete(file);
        }
    }
}
