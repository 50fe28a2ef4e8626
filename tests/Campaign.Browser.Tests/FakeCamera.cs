using System.Text;
using QRCoder;

namespace Campaign.Browser.Tests;

/// <summary>
/// A video file for Chromium's fake camera (<c>--use-file-for-fake-video-capture</c>): YUV4MPEG2, 4:2:0, showing one QR
/// code drawn from QRCoder's module matrix, black on white (or white on black). Chromium loops the file, like a ticket held still in front
/// of a phone. Written by hand, so no ffmpeg is needed.
/// </summary>
internal static class FakeCamera
{
    public static void WriteY4m(string path, string qrText, int width = 640, int height = 480, int frames = 10, bool inverted = false)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(qrText, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix; // includes QRCoder's 4-module quiet zone
        var modules = matrix.Count;
        var pixelsPerModule = Math.Min(8, Math.Min(width, height) * 9 / 10 / modules);
        if (pixelsPerModule < 3)
        {
            throw new ArgumentException($"{modules} modules do not fit {width}x{height} at 3 px per module.", nameof(width));
        }

        var size = modules * pixelsPerModule;
        var left = (width - size) / 2;
        var top = (height - size) / 2;
        // Video range: 235 is white, 16 is black. An inverted code is light modules on a dark ground (a phone screen in
        // dark mode, a printed negative).
        var (ground, module) = inverted ? ((byte)16, (byte)235) : ((byte)235, (byte)16);
        var luma = new byte[width * height];
        Array.Fill(luma, ground);
        for (var y = 0; y < size; y++)
        {
            var row = matrix[y / pixelsPerModule];
            for (var x = 0; x < size; x++)
            {
                if (row[x / pixelsPerModule])
                {
                    luma[((top + y) * width) + left + x] = module;
                }
            }
        }

        var chroma = new byte[width / 2 * (height / 2)];
        Array.Fill(chroma, (byte)128); // no colour
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n"));
        for (var f = 0; f < frames; f++)
        {
            file.Write("FRAME\n"u8);
            file.Write(luma);
            file.Write(chroma); // U
            file.Write(chroma); // V
        }
    }
}
