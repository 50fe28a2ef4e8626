using System.Text;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// The one CSV writer of the app (ADR 0020): RFC 4180 (comma, CRLF after every record, fields with a comma, quote,
/// CR or LF quoted, quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read the names right. A cell
/// that a spreadsheet would run as a formula (starting with = + - @ TAB or CR) is neutralised: prefixed with ' and quoted.
/// CR, LF and other control characters inside a cell become spaces, so the only line breaks are the record ends.
/// Rows go straight to the stream (the response body): an export is never built as one string.
/// </summary>
public sealed class CsvWriter : IAsyncDisposable
{
    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _stream;
    private readonly StringBuilder _row = new();
    private readonly MemoryStream _buffer = new();
    private bool _started;

    public CsvWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>Rows are written to the stream in chunks of about this many bytes.</summary>
    public const int FlushBytes = 16 * 1024;

    /// <summary>The response an export answers with: a file to save (named <paramref name="fileName"/>, made safe), never stored by a cache.</summary>
    public static CsvWriter ForResponse(HttpResponse response, string fileName)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.ContentType = "text/csv; charset=utf-8; header=present";
        response.Headers.ContentDisposition = $"attachment; filename=\"{SafeFileName(fileName)}\"";
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        return new CsvWriter(response.Body);
    }

    /// <summary>ASCII letters, digits, '-', '_' and '.' only (no quotes, slashes, CR/LF or non-ASCII in the header); at most 100 characters, ending in .csv.</summary>
    public static string SafeFileName(string? name)
    {
        var stem = (name ?? "").EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? name![..^4] : name ?? "";
        var safe = new StringBuilder(stem.Length);
        foreach (var c in stem)
        {
            var keep = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-';
            if (keep != '-' || safe.Length == 0 || safe[^1] != '-')
            {
                safe.Append(keep);
            }
        }

        var text = safe.ToString().Trim('-');
        if (text.Length > 96)
        {
            text = text[..96];
        }

        return (text.Length == 0 ? "export" : text) + ".csv";
    }

    /// <summary>One cell as it is written: neutralised, cleaned and quoted where needed.</summary>
    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var formula = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
        var text = new StringBuilder(value.Length + 4);
        if (formula)
        {
            text.Append('\'');
        }

        foreach (var c in value)
        {
            // Inside a cell a tab may stay (a quoted field keeps it); every other control character is a space.
            text.Append(char.IsControl(c) && c != '\t' ? ' ' : c);
        }

        var cleaned = text.ToString();
        var quote = formula || cleaned.AsSpan().IndexOfAny(",\"\t") >= 0 || cleaned.StartsWith(' ') || cleaned.EndsWith(' ');
        return quote ? "\"" + cleaned.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cleaned;
    }

    /// <summary>Writes one record (the header first, then one per row).</summary>
    public async Task WriteRowAsync(IEnumerable<string?> cells, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (!_started)
        {
            _started = true;
            _buffer.Write(ByteOrderMark);
        }

        _row.Clear();
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                _row.Append(',');
            }

            _row.Append(Cell(cell));
            first = false;
        }

        _row.Append("\r\n");
        var bytes = Utf8.GetBytes(_row.ToString());
        _buffer.Write(bytes);
        if (_buffer.Length >= FlushBytes)
        {
            await FlushAsync(ct);
        }
    }

    public Task WriteRowAsync(CancellationToken ct, params string?[] cells) => WriteRowAsync((IEnumerable<string?>)cells, ct);

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_buffer.Length > 0)
        {
            await _stream.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
            _buffer.SetLength(0);
        }

        await _stream.FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_started)
        {
            _started = true;
            _buffer.Write(ByteOrderMark);
        }

        await FlushAsync(CancellationToken.None);
        await _buffer.DisposeAsync();
    }
}
