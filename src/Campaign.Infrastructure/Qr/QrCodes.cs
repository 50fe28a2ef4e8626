using QRCoder;

namespace Campaign.Infrastructure.Qr;

/// <summary>QR images through QRCoder.</summary>
public static class QrCodes
{
    public static byte[] Png(string text, int pixelsPerModule = 8)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }

    /// <summary>An SVG that scales to any size (the ticket page); dark modules on white with a quiet zone.</summary>
    public static string Svg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(new System.Drawing.Size(400, 400), "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The module matrix, row 0 at the top, quiet zone (4 modules) included: true is a dark module.</summary>
    public static IReadOnlyList<IReadOnlyList<bool>> Modules(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return [.. data.ModuleMatrix.Select(row => (IReadOnlyList<bool>)[.. row.Cast<bool>()])];
    }

    public static string PngDataUri(string text, int pixelsPerModule = 6) =>
        "data:image/png;base64," + Convert.ToBase64String(Png(text, pixelsPerModule));
}
