using System.Net;
using System.Text;
using Campaign.Domain.Rsvps;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Tests;

/// <summary>The guest list as CSV: RFC 4180 bytes, formulas neutralised, host/co-hosts/staff only.</summary>
public sealed class GuestExportTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>
    /// A strict RFC 4180 reader: records end in CRLF (a bare CR or LF outside quotes fails), fields are either plain
    /// (no quote, comma, CR or LF) or wholly quoted with quotes doubled; every record has the header's field count.
    /// </summary>
    internal static List<List<string>> ParseStrict(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "A quoted field is closed.");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(text[i++]);
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    Assert.True(text[i] != '"', $"A quote inside an unquoted field at {i}.");
                    field.Append(text[i++]);
                }
            }

            record.Add(field.ToString());
            field.Clear();
            Assert.True(i < text.Length, "The last record ends in CRLF.");
            if (text[i] == ',')
            {
                i++;
                continue;
            }

            Assert.True(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n', $"Records end in CRLF (offset {i}).");
            i += 2;
            records.Add(record);
            record = [];
        }

        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Equal(records[0].Count, r.Count));
        return records;
    }

    private async Task<(WebSession Host, string Slug)> ScreeningAsync()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        return (host, await Flows.CreateScreeningAsync(host));
    }

    [Fact]
    public async Task The_export_is_rfc4180_utf8_with_a_bom_and_crlf_and_formulas_are_neutralised()
    {
        var (host, slug) = await ScreeningAsync();
        await RsvpFlows.AnswerAsync(_app, slug, "=HYPERLINK(\"http://x\")", "formula@example.org", 2, true, "Carl Plusone");
        // A minute apart: the export lists answers in the order they came.
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "+1", "plus@example.org");
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "-2", "minus@example.org", status: RsvpStatus.Waitlisted);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "@x", "at@example.org", status: RsvpStatus.Declined);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        GuestData.Rsvp(_app, slug, "Zoë \"Zee\" Müller, Jr.", "zoe@example.org", status: RsvpStatus.Cancelled);
        var code = _app.WithDb(db => db.Tickets.First(t => t.Number == 1).Code);
        await host.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });

        var (status, body, headers) = await host.DownloadAsync($"/s/{slug}/guests.csv");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("text/csv", headers["Content-Type"], StringComparison.Ordinal);
        Assert.Contains("charset=utf-8", headers["Content-Type"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal($"attachment; filename=\"guests-{slug}.csv\"", headers["Content-Disposition"]);
        Assert.Contains("no-store", headers["Cache-Control"], StringComparison.Ordinal);
        Assert.Equal([0xEF, 0xBB, 0xBF], body[..3]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body[3..]);
        Assert.DoesNotContain("\uFEFF", text, StringComparison.Ordinal);
        Assert.Equal(text.Split("\r\n").Length - 1, text.Count(c => c == '\n'));
        Assert.Equal(text.Count(c => c == '\n'), text.Count(c => c == '\r'));
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", text, StringComparison.Ordinal);

        var rows = ParseStrict(text);
        Assert.Equal(["Name", "E-mail", "Party size", "Status", "Checked in"], rows[0]);
        Assert.Equal(6, rows.Count);
        Assert.Equal(["'=HYPERLINK(\"http://x\")", "formula@example.org", "2", "Going", "1"], rows[1]);
        Assert.Equal(["'+1", "plus@example.org", "1", "Going", "0"], rows[2]);
        Assert.Equal(["'-2", "minus@example.org", "1", "Waitlist", "0"], rows[3]);
        Assert.Equal(["'@x", "at@example.org", "0", "Can't go", "0"], rows[4]);
        Assert.Equal(["Zoë \"Zee\" Müller, Jr.", "zoe@example.org", "1", "Cancelled", "0"], rows[5]);
        Assert.All(rows.Skip(1).SelectMany(r => r), cell => Assert.False(cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r', cell));
    }

    [Fact]
    public void Cells_starting_with_tab_or_cr_are_neutralised_and_no_cell_carries_a_line_break()
    {
        Assert.Equal("\"'\tcmd\"", CsvWriter.Cell("\tcmd"));
        Assert.Equal("\"' cmd\"", CsvWriter.Cell("\rcmd"));
        Assert.Equal("\"'=1+1\"", CsvWriter.Cell("=1+1"));
        Assert.Equal("a b c", CsvWriter.Cell("a\r\nb\nc").Replace("  ", " ", StringComparison.Ordinal));
        Assert.Equal("plain", CsvWriter.Cell("plain"));
        Assert.Equal("\"a,b\"", CsvWriter.Cell("a,b"));
        Assert.Equal("", CsvWriter.Cell(null));
    }

    [Fact]
    public async Task The_writer_streams_records_a_strict_parser_reads_back()
    {
        using var stream = new MemoryStream();
        await using (var csv = new CsvWriter(stream))
        {
            await csv.WriteRowAsync(CancellationToken.None, "Name", "Note");
            await csv.WriteRowAsync(CancellationToken.None, "\tTab", "line\r\nbreak");
            await csv.WriteRowAsync(CancellationToken.None, "\rCr", "\"quoted\"");
            for (var i = 0; i < 2000; i++)
            {
                await csv.WriteRowAsync(CancellationToken.None, "Guest " + i, "-" + i);
            }

            // Written in chunks as it goes, not held as one string until the end.
            Assert.True(stream.Length > CsvWriter.FlushBytes);
        }

        var bytes = stream.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var rows = ParseStrict(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(2003, rows.Count);
        Assert.Equal(["'\tTab", "line  break"], rows[1]);
        Assert.Equal(["' Cr", "\"quoted\""], rows[2]);
        Assert.Equal(["Guest 7", "'-7"], rows[10]);
    }

    [Fact]
    public void File_names_are_safe_in_a_header()
    {
        Assert.Equal("guests-a-b.csv", CsvWriter.SafeFileName("guests-a\"b"));
        Assert.Equal("x-y.csv", CsvWriter.SafeFileName("x\r\ny"));
        Assert.Equal("export.csv", CsvWriter.SafeFileName("ü"));
        Assert.True(CsvWriter.SafeFileName(new string('a', 500)).Length <= 100);
    }

    [Fact]
    public async Task Only_the_host_co_hosts_and_staff_get_the_csv_never_another_host_a_door_link_or_anonymous()
    {
        var staff = await Flows.StaffAsync(_app);
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(_app, slug, "Bea Booker", "bea@example.org");
        var team = await host.GetAsync($"/s/{slug}/team");
        await host.PostAsync($"/s/{slug}/team/doors", [new("Name", "Front door")], team.AntiforgeryToken);
        var doorToken = _app.WithDb(db => db.DoorLinks.Single().Token);
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob Otherhost");
        await Flows.CreateScreeningAsync(other);

        var refusedOther = await other.DownloadAsync($"/s/{slug}/guests.csv");
        Assert.Equal(HttpStatusCode.NotFound, refusedOther.Status);
        Assert.DoesNotContain("bea@example.org", Encoding.UTF8.GetString(refusedOther.Body), StringComparison.Ordinal);

        var anonymous = await new WebSession(_app).DownloadAsync($"/s/{slug}/guests.csv");
        Assert.True(anonymous.Status.IsRedirect(), $"Anonymous: {(int)anonymous.Status}");
        Assert.Contains("/account/login", anonymous.Headers["Location"], StringComparison.Ordinal);

        var door = new WebSession(_app);
        var withDoorHeader = await door.SendAsync(HttpMethod.Get, $"/s/{slug}/guests.csv", ("X-Door-Token", doorToken));
        Assert.True(withDoorHeader.Status.IsRedirect(), $"Door link: {(int)withDoorHeader.Status}");
        await door.GetAsync("/door/" + doorToken);
        var afterDoorPage = await door.DownloadAsync($"/s/{slug}/guests.csv");
        Assert.NotEqual(HttpStatusCode.OK, afterDoorPage.Status);
        Assert.DoesNotContain("bea@example.org", Encoding.UTF8.GetString(afterDoorPage.Body), StringComparison.Ordinal);

        var byStaff = await staff.DownloadAsync($"/s/{slug}/guests.csv");
        Assert.Equal(HttpStatusCode.OK, byStaff.Status);
        Assert.Contains("bea@example.org", Encoding.UTF8.GetString(byStaff.Body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.DownloadAsync($"/s/{slug}/guests.csv")).Status);
    }

    [Fact]
    public async Task The_privacy_page_says_an_export_leaves_the_app()
    {
        var page = await new WebSession(_app).GetAsync("/privacy");
        Assert.Contains("export", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("leaves the app", page.Text, StringComparison.Ordinal);
    }
}
