using System.Globalization;
using System.Text;

namespace Campaign.Infrastructure.Pdf;

/// <summary>The two base-14 fonts the tickets use (every PDF reader has them; nothing is embedded).</summary>
public enum PdfFont
{
    Helvetica,
    HelveticaBold,
}

/// <summary>
/// One page being drawn, in PDF points from the bottom-left corner. Text is WinAnsi (Latin-1 plus a few
/// typographic marks); any other character prints as "?", because the base-14 fonts have no other glyphs.
/// </summary>
public sealed class PdfPage
{
    private readonly StringBuilder _content = new();

    internal PdfPage(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    internal string Content => _content.ToString();

    /// <summary>One line of text with its left edge at <paramref name="x"/> and its baseline at <paramref name="y"/>.</summary>
    public PdfPage Text(double x, double y, string text, PdfFont font, double size)
    {
        _content.Append("BT /").Append(font == PdfFont.HelveticaBold ? "F2" : "F1").Append(' ').Append(N(size)).Append(" Tf ")
            .Append(N(x)).Append(' ').Append(N(y)).Append(" Td ").Append(Literal(text)).Append(" Tj ET\n");
        return this;
    }

    /// <summary>One line of text centred on the page.</summary>
    public PdfPage CentredText(double y, string text, PdfFont font, double size) =>
        Text((Width - SimplePdf.TextWidth(text, font, size)) / 2, y, text, font, size);

    /// <summary>A filled rectangle in grey level <paramref name="grey"/> (0 black, 1 white).</summary>
    public PdfPage Rectangle(double x, double y, double width, double height, double grey = 0)
    {
        _content.Append(N(grey)).Append(" g ").Append(N(x)).Append(' ').Append(N(y)).Append(' ')
            .Append(N(width)).Append(' ').Append(N(height)).Append(" re f 0 g\n");
        return this;
    }

    /// <summary>
    /// A QR code (or any module matrix, row 0 at the top) as vector rectangles: each run of dark modules in a row is
    /// one rectangle, so the code stays sharp at any zoom and on any printer.
    /// </summary>
    public PdfPage Modules(double x, double top, double moduleSize, IReadOnlyList<IReadOnlyList<bool>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var size = rows.Count * moduleSize;
        Rectangle(x, top - size, size, size, grey: 1);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var y = top - ((r + 1) * moduleSize);
            var c = 0;
            while (c < row.Count)
            {
                if (!row[c])
                {
                    c++;
                    continue;
                }

                var start = c;
                while (c < row.Count && row[c])
                {
                    c++;
                }

                _content.Append(N(x + (start * moduleSize))).Append(' ').Append(N(y)).Append(' ')
                    .Append(N((c - start) * moduleSize)).Append(' ').Append(N(moduleSize)).Append(" re\n");
            }
        }

        _content.Append("f\n");
        return this;
    }

    private static string N(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A PDF literal string in WinAnsi bytes, written as ASCII (octal escapes above 126).</summary>
    private static string Literal(string text)
    {
        var sb = new StringBuilder("(");
        foreach (var b in SimplePdf.WinAnsi(text))
        {
            if (b is (byte)'(' or (byte)')' or (byte)'\\')
            {
                sb.Append('\\').Append((char)b);
            }
            else if (b is < 32 or > 126)
            {
                sb.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
            else
            {
                sb.Append((char)b);
            }
        }

        return sb.Append(')').ToString();
    }
}

/// <summary>
/// A minimal PDF 1.4 writer: pages of text in the base-14 Helvetica fonts and filled rectangles, nothing else (no
/// images, no embedded fonts, no compression, no scripts). The Info dictionary carries only the title the caller
/// gives and the producer, never dates or other metadata.
/// </summary>
public sealed class SimplePdf
{
    /// <summary>A4 portrait in points.</summary>
    public const double A4Width = 595.28;

    public const double A4Height = 841.89;

    private readonly List<PdfPage> _pages = [];

    public PdfPage AddPage(double width = A4Width, double height = A4Height)
    {
        var page = new PdfPage(width, height);
        _pages.Add(page);
        return page;
    }

    public int PageCount => _pages.Count;

    /// <summary>The document's bytes.</summary>
    public byte[] ToBytes(string title)
    {
        if (_pages.Count == 0)
        {
            throw new InvalidOperationException("A PDF needs at least one page.");
        }

        var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string text)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            output.Write(bytes);
        }

        void Object(string body)
        {
            offsets.Add(output.Position);
            Write($"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        // A binary comment on the second line tells transfer tools the file is binary (PDF 1.4, 7.5.2).
        Write("%PDF-1.4\n");
        output.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, 5 info, then a page and its content each.
        var firstPage = 6;
        var kids = string.Join(" ", Enumerable.Range(0, _pages.Count).Select(i => $"{firstPage + (2 * i)} 0 R"));
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object($"<< /Type /Pages /Kids [{kids}] /Count {_pages.Count} >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
        Object($"<< /Title {InfoString(title)} /Producer (Campaign) >>");
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            var content = page.Content;
            Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Num(page.Width)} {Num(page.Height)}] "
                + $"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {firstPage + (2 * i) + 1} 0 R >>");
            Object($"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}endstream");
        }

        var xref = output.Position;
        var sb = new StringBuilder();
        sb.Append("xref\n0 ").Append(offsets.Count + 1).Append('\n').Append("0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            sb.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        sb.Append("trailer\n<< /Size ").Append(offsets.Count + 1).Append(" /Root 1 0 R /Info 5 0 R >>\nstartxref\n")
            .Append(xref.ToString(CultureInfo.InvariantCulture)).Append("\n%%EOF\n");
        Write(sb.ToString());
        return output.ToArray();
    }

    /// <summary>Width of <paramref name="text"/> in points (Helvetica's metrics; bold is about 5 % wider).</summary>
    public static double TextWidth(string text, PdfFont font, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        double units = 0;
        foreach (var b in WinAnsi(text))
        {
            units += b is >= 32 and <= 126 ? Widths[b - 32] : 556;
        }

        return units * size / 1000 * (font == PdfFont.HelveticaBold ? 1.05 : 1);
    }

    /// <summary>Breaks <paramref name="text"/> into lines no wider than <paramref name="width"/> (words longer than a line are cut).</summary>
    public static IReadOnlyList<string> Wrap(string? text, PdfFont font, double size, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (TextWidth(candidate, font, size) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line);
                }

                line = word;
                while (TextWidth(line, font, size) > width && line.Length > 1)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && TextWidth(line[..cut], font, size) > width)
                    {
                        cut--;
                    }

                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    /// <summary>Text as WinAnsiEncoding bytes: control characters dropped, characters the fonts lack as "?".</summary>
    internal static IEnumerable<byte> WinAnsi(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v < 32 || v is >= 0x7F and < 0xA0)
            {
                // Control characters (a stray CR/LF or tab) never reach the page.
                continue;
            }

            if (v < 0x7F || v is >= 0xA0 and <= 0xFF)
            {
                yield return (byte)v;
                continue;
            }

            yield return v switch
            {
                0x20AC => 0x80, // €
                0x2018 => 0x91,
                0x2019 => 0x92,
                0x201C => 0x93,
                0x201D => 0x94,
                0x2022 => 0x95, // •
                0x2013 => 0x96, // –
                0x2014 => 0x97, // —
                0x2026 => 0x85, // …
                _ => (byte)'?',
            };
        }
    }

    private static string InfoString(string text)
    {
        // Plain ASCII only in the metadata.
        var clean = new string([.. (text ?? "").Where(c => c is >= ' ' and <= '~' && c is not '(' and not ')' and not '\\')]);
        return "(" + clean + ")";
    }

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    // Helvetica's advance widths (1/1000 em) for ASCII 32-126, from the base-14 font metrics (AFM).
    private static readonly int[] Widths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ];
}
