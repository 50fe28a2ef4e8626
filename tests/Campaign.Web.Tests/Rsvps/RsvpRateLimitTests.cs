using System.Net;
using Campaign.Domain.Rsvps;

namespace Campaign.Web.Tests;

public sealed class RsvpRateLimitTests : IDisposable
{
    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?>
    {
        ["RateLimits:Rsvp:PermitLimit"] = "3",
        ["RateLimits:Rsvp:WindowSeconds"] = "3600",
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_burst_of_rsvps_from_one_client_gets_429_with_a_clear_message_and_stores_nothing_more()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app, capacity: 30);
        var guest = new WebSession(_app);
        var token = (await guest.GetAsync("/s/" + slug)).AntiforgeryToken;

        for (var i = 0; i < 3; i++)
        {
            var accepted = await guest.PostAsync($"/s/{slug}/rsvp", RsvpFlows.Fields("Guest " + i, $"guest{i}@example.org"), token);
            Assert.True(accepted.Status.IsRedirect(), $"RSVP {i} answered {(int)accepted.Status}");
        }

        var refused = await guest.PostAsync($"/s/{slug}/rsvp", RsvpFlows.Fields("Guest 4", "guest4@example.org"), token);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Contains("Please wait a moment and try again", refused.Text, StringComparison.Ordinal);
        Assert.True(refused.Headers.ContainsKey("Retry-After"));
        Assert.Equal(3, _app.WithDb(db => db.Rsvps.Count(r => r.Status == RsvpStatus.Confirmed)));
    }
}
