using System.Globalization;
using System.Net;
using System.Numerics;
using System.Text.Json;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>One spelling per ticket (docs/tickets.md): the issued code, or it in ASCII lower case; nothing else scans.</summary>
public sealed class TicketSpellingTests : IDisposable
{
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, string Slug, Ticket Ticket)> TicketAsync()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields());
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        return (host, slug, _app.WithDb(db => db.Tickets.Single()));
    }

    private static async Task<string?> OutcomeAsync(WebSession who, string slug, string code)
    {
        var (status, body) = await who.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("outcome").GetString();
    }

    /// <summary>The same signature with s replaced by n - s: mathematically as valid, a second spelling of the ticket.</summary>
    private static string HighSTwin(string code)
    {
        var bytes = TicketCode.FromBase32(code)!;
        var s = new BigInteger(bytes.AsSpan(TicketCode.PayloadLength + 32), isUnsigned: true, isBigEndian: true);
        var twin = (Order - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.AsSpan(TicketCode.PayloadLength + 32).Clear();
        twin.CopyTo(bytes.AsSpan(bytes.Length - twin.Length));
        return TicketCode.Base32(bytes);
    }

    public static TheoryData<string, Func<string, string>> OtherSpellings => new()
    {
        { "a non-ASCII letter that upper-cases into the alphabet", code => code.Contains('S', StringComparison.Ordinal) ? ReplaceFirst(code, 'S', '\u017F') : ReplaceFirst(code, 'I', '\u0131') },
        { "leading whitespace", code => " " + code },
        { "a trailing line break", code => code + "\r\n" },
        { "inner whitespace", code => code[..80] + " " + code[81..] },
        { "a non-zero padding bit", code => code[..^1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"["ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".IndexOf(code[^1], StringComparison.Ordinal) | 1] },
        { "the high-S twin of its signature", HighSTwin },
    };

    private static string ReplaceFirst(string code, char from, char to)
    {
        var i = code.IndexOf(from, StringComparison.Ordinal);
        return code[..i] + to + code[(i + 1)..];
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public async Task Another_spelling_of_a_genuine_ticket_is_invalid_and_admits_nobody(string what, Func<string, string> respell)
    {
        var (host, slug, ticket) = await TicketAsync();
        var other = respell(ticket.Code);
        Assert.NotEqual(ticket.Code, other);

        Assert.True(await OutcomeAsync(host, slug, other) == "invalid", what);
        Assert.Null(_app.WithDb(db => db.Tickets.Single()).CheckedInAtUtc);
        var page = await new WebSession(_app).GetAsync("/t/" + Uri.EscapeDataString(other));
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }

    [Fact]
    public async Task The_issued_code_in_ascii_lower_case_is_the_same_ticket()
    {
        var (host, slug, ticket) = await TicketAsync();
        Assert.Equal(HttpStatusCode.OK, (await new WebSession(_app).GetAsync("/t/" + ticket.Code.ToLowerInvariant())).Status);
        Assert.Equal("admitted", await OutcomeAsync(host, slug, ticket.Code.ToLowerInvariant()));
        Assert.Equal("already_checked_in", await OutcomeAsync(host, slug, ticket.Code));
    }

    [Fact]
    public async Task A_code_issued_with_a_high_s_signature_before_low_s_signing_still_scans_as_issued()
    {
        var (host, slug, ticket) = await TicketAsync();
        var issued = HighSTwin(ticket.Code);
        _app.WithDb(db => db.Tickets.ExecuteUpdate(s => s.SetProperty(t => t.Code, issued)));

        Assert.Equal("admitted", await OutcomeAsync(host, slug, issued.ToLowerInvariant()));
    }

    [Fact]
    public async Task Every_issued_code_has_a_low_s_signature()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 100));
        for (var i = 0; i < 4; i++)
        {
            await RsvpFlows.AnswerAsync(_app, slug, "Guest " + i, $"guest{i}@example.org", 3, true, "B", "C");
        }

        var codes = _app.WithDb(db => db.Tickets.Select(t => t.Code).ToList());
        Assert.Equal(12, codes.Count);
        Assert.All(codes, code => Assert.False(TicketCode.IsHighS(TicketCode.FromBase32(code).AsSpan(TicketCode.PayloadLength)), code));
    }
}
