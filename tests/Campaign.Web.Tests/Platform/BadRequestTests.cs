using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>Input a client can send but the app cannot read gets a 4xx with a reason, never a 500, and changes nothing.</summary>
public sealed class BadRequestTests
{
    [Theory]
    [InlineData("/error?code=200")]
    [InlineData("/error/200")]
    [InlineData("/error/123456")]
    public async Task The_error_page_visited_directly_answers_404(string path)
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_posted_code_field_does_not_choose_the_status_of_an_error_page()
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var content = new FormUrlEncodedContent([new("code", "123456")]);
        using var response = await client.PostAsync(new Uri("/no-such-page?code=200", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var direct = await client.PostAsync(new Uri("/error", UriKind.Relative), new FormUrlEncodedContent([new("code", "123456")]));
        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
    }

    [Fact]
    public async Task A_missing_page_answers_404_with_the_not_found_page()
    {
        using var app = new CampaignFactory();
        var page = await new WebSession(app).GetAsync("/no-such-page?code=200");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Not found", page.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> UnreadableForms => new()
    {
        { "a NUL byte", "Name=Ana%00Guest" },
        { "a raw NUL byte", "Name=Ana\u0000Guest" },
        { "bytes that are not UTF-8", "Name=Ana\u00C3(Guest" },
        { "a value over the size limit", "Name=" + new string('a', 5 * 1024 * 1024) },
    };

    [Theory]
    [MemberData(nameof(UnreadableForms))]
    public async Task An_unreadable_rsvp_form_answers_400_and_records_nothing(string what, string extra)
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        var session = new WebSession(app);
        var token = (await session.GetAsync("/s/" + slug)).AntiforgeryToken!;
        var body = "Email=guest%40example.org&Attending=true&PartySize=1&Consent=true&__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&" + extra;
        var page = await session.PostRawAsync($"/s/{slug}/rsvp", body);
        Assert.True(page.Status == HttpStatusCode.BadRequest, $"{what}: {(int)page.Status} {page.Text[..Math.Min(400, page.Text.Length)]}");
        Assert.Contains("Bad request", page.Text, StringComparison.Ordinal);
        Assert.Contains("The form could not be read", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, app.WithDb(db => db.Rsvps.Count()));
    }

    [Fact]
    public async Task An_unreadable_form_sent_by_a_json_client_gets_the_reason_as_json()
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/checkin/manual", UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/json");
        request.Content = new ByteArrayContent("screening=a%00b"u8.ToArray());
        request.Content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.StartsWith("{\"error\":\"The form could not be read", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task A_checkbox_value_other_than_true_or_false_gets_a_message_beside_the_field()
    {
        using var app = new CampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        var fields = RsvpFlows.Fields("Ana Guest", "guest@example.org");
        fields.RemoveAll(f => f.Key == "Consent");
        fields.Add(new("Consent", "maybe"));
        var page = await new WebSession(app).SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp", fields);
        Assert.True((int)page.Status is 400 or 422, $"{(int)page.Status} {page.Text[..Math.Min(400, page.Text.Length)]}");
        Assert.Matches("id=\"Consent-error\"[^>]*>[^<]*maybe", page.Html);
        Assert.Equal(0, app.WithDb(db => db.Rsvps.Count()));
    }

    [Theory]
    [InlineData("9999-12-31T23:30")]
    [InlineData("0001-01-01T00:00")]
    public async Task A_date_far_outside_any_real_range_gets_a_message_beside_the_field(string start)
    {
        using var app = new CampaignFactory();
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var fields = Flows.ScreeningFields();
        fields["StartLocal"] = start;
        fields["EndLocal"] = start;
        var page = await host.SubmitAsync("/screenings/new", "/screenings/new", fields);
        Assert.True((int)page.Status is 400 or 422, $"{(int)page.Status} {page.Text[..Math.Min(400, page.Text.Length)]}");
        Assert.Contains("Choose a date between the years", page.Text, StringComparison.Ordinal);
        Assert.Matches("id=\"StartLocal-error\"[^>]*>[^<]*Choose a date between the years", page.Html);
        Assert.Equal(0, app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task A_chunked_check_in_body_over_the_limit_answers_413_as_json_before_anyone_is_asked_who_they_are()
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/checkin", UriKind.Relative));
        request.Content = new ChunkedContent(28 * 1024 * 1024);
        request.Content.Headers.ContentType = new("application/json");
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.StartsWith("{\"error\":", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/privacy")]
    [InlineData("/screenings")]
    [InlineData("/account/login")]
    public async Task Head_answers_like_get_without_a_body(string path)
    {
        using var app = new CampaignFactory();
        using var client = app.Browser();
        using var get = await client.GetAsync(new Uri(path, UriKind.Relative));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, new Uri(path, UriKind.Relative)));
        Assert.Equal(get.StatusCode, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A JSON-looking body of a given size with no Content-Length, as a chunked upload sends it.</summary>
    private sealed class ChunkedContent(long size) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 64 * 1024));
            await stream.WriteAsync("{\"code\":\""u8.ToArray());
            for (long written = 0; written < size; written += chunk.Length)
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
