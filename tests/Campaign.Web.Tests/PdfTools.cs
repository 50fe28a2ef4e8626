using System.Diagnostics;

namespace Campaign.Web.Tests;

/// <summary>Reads PDF files with Debian's poppler-utils (pdftotext, pdfinfo, pdftoppm): an independent reader of what the app writes.</summary>
public static class PdfTools
{
    /// <summary>The text of every page, as pdftotext lays it out, one string per page.</summary>
    public static IReadOnlyList<string> PagesText(byte[] pdf) =>
        WithFile(pdf, file => Run("pdftotext", "-layout", file, "-").Split('\f').SkipLast(1).ToList());

    /// <summary>pdfinfo's "Key: value" lines (title, producer, pages, version...).</summary>
    public static string Info(byte[] pdf) => WithFile(pdf, file => Run("pdfinfo", file));

    /// <summary>Each page rendered to PNG at 150 dpi, then the QR code on it read by zbarimg.</summary>
    public static IReadOnlyList<string> QrCodes(byte[] pdf) => WithFile(pdf, file =>
    {
        var prefix = file + "-page";
        Run("pdftoppm", "-r", "150", "-png", file, prefix);
        var pages = Directory.GetFiles(Path.GetDirectoryName(file)!, Path.GetFileName(prefix) + "*.png").Order(StringComparer.Ordinal).ToList();
        try
        {
            return pages.Select(p => QrDecoder.Decode(File.ReadAllBytes(p))).ToList();
        }
        finally
        {
            pages.ForEach(File.Delete);
        }
    });

    private static T WithFile<T>(byte[] pdf, Func<string, T> read)
    {
        var file = Path.Combine(Path.GetTempPath(), $"campaign-pdf-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            return read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Run(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{tool} did not start; install poppler-utils.");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000);
        Assert.True(process.ExitCode == 0, $"{tool} failed (exit {process.ExitCode}): {error}");
        // A reader that had to repair the file says so on stderr: the file must be well formed.
        Assert.DoesNotContain("Syntax Error", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Syntax Warning", error, StringComparison.Ordinal);
        return output;
    }
}
