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

    public static string PngDataUri(string text, int pixelsPerModule = 6) =>
        "data:image/png;base64," + Convert.ToBase64String(Png(text, pixelsPerModule));
}
