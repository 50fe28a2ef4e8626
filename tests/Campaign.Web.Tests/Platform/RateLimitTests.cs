using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Tests;

public sealed partial class RateLimitTests : IDisposable
{
    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?>
    {
        ["RateLimits:Invite:PermitLimit"] = "2",
        ["RateLimits:Invite:WindowSeconds"] = "3600",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Writing_to_guests_too_often_gets_429_with_a_page_or_json_and_retry_after()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        GuestData.Rsvp(_app, slug, "Bea", "bea@example.org");
        var form = await host.GetAsync($"/s/{slug}/guests");
        var action = $"/s/{slug}/guests/message";

        for (var i = 0; i < 2; i++)
        {
            Assert.True((await host.PostAsync(action, [new("Form.Message", "Hello " + i)], form.AntiforgeryToken)).Status.IsRedirect());
        }

        var refused = await host.PostAsync(action, [new("Form.Message", "One too many")], form.AntiforgeryToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("too many requests in a short time", refused.Text, StringComparison.Ordinal);
        Assert.True(int.Parse(refused.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Equal(2, _app.MailsTo("bea@example.org").Count);

        // Another host has a limit of their own.
        var other = await Flows.RegisterAsync(_app, "bob@example.org", "Bob");
        var otherSlug = await Flows.CreateScreeningAsync(other);
        var ok = await other.SubmitAsync($"/s/{otherSlug}/guests", $"/s/{otherSlug}/guests/message", ("Form.Message", "Hi"));
        Assert.True(ok.Status.IsRedirect());
    }

    [Fact]
    public async Task A_client_asking_for_json_gets_the_reason_as_json()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        using var client = _app.Browser();
        await LogInAsync(client, "ana@example.org");
        var token = Token().Match(await client.GetStringAsync(new Uri($"/s/{slug}/guests", UriKind.Relative))).Groups[1].Value;

        HttpResponseMessage? last = null;
        for (var i = 0; i < 3; i++)
        {
            last?.Dispose();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/s/{slug}/guests/message", UriKind.Relative))
            {
                Content = new FormUrlEncodedContent([new("Form.Message", "Hello"), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            last = await client.SendAsync(request);
        }

        using var response = last!;
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("Too many requests", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RateLimits:Rsvp:PermitLimit", "0", "RateLimits:Rsvp:PermitLimit must be at least 1.")]
    [InlineData("RateLimits:Invite:WindowSeconds", "0", "RateLimits:Invite:WindowSeconds must be between 1 and 86400.")]
    [InlineData("Campaign:ReminderHoursBefore", "0", "Campaign:ReminderHoursBefore must be between 1 and 336")]
    public void Bad_limits_stop_start_up_with_a_clear_message(string key, string value, string message)
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        var all = error is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(e => e.Message)) : error.Message;
        Assert.Contains(message, all, StringComparison.Ordinal);
        Assert.True(error is OptionsValidationException || error.InnerException is OptionsValidationException || error is AggregateException, error.GetType().FullName);
    }

    private static async Task LogInAsync(HttpClient client, string email)
    {
        var login = await client.GetStringAsync(new Uri("/account/login", UriKind.Relative));
        using var content = new FormUrlEncodedContent([new("Email", email), new("Password", Flows.Password), new("__RequestVerificationToken", WebUtility.HtmlDecode(Token().Match(login).Groups[1].Value))]);
        using var response = await client.PostAsync(new Uri("/account/login", UriKind.Relative), content);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
