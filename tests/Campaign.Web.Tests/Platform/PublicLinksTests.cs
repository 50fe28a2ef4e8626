using System.Net;
using Campaign.Web.Features.Guests;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

/// <summary>Every absolute link comes from Campaign:PublicBaseUrl, never from the request; production refuses to guess it.</summary>
public sealed class PublicLinksTests
{
    private const string Forged = "evil.example";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_forged_host_or_forwarded_host_appears_in_no_mail_page_calendar_file_feed_or_door_link(bool configured)
    {
        // Configured: Campaign:PublicBaseUrl set (TestServer at https://localhost). Not configured: Development's default,
        // the address the app listens on (a real loopback port), whatever Host the request claims.
        var forwarded = new Dictionary<string, string?> { ["Campaign:TrustForwardedHeaders"] = "true" };
        using CampaignFactory app = configured
            ? new CampaignFactory(settings: forwarded) { ForgedHost = Forged }
            : new KestrelCampaignFactory(forwarded) { ForgedHost = Forged };
        var origin = configured ? "https://localhost" : ((KestrelCampaignFactory)app).Origin;
        var authority = origin[(origin.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var seen = new List<string>();

        // Accounts: the confirmation and the reset link.
        var host = await Flows.RegisterAsync(app, "ana@example.org");
        await new WebSession(app).SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "ana@example.org"));

        // A screening: its page (share link), its calendar file, a door link, the host's feed.
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 10));
        seen.Add((await host.GetAsync("/s/" + slug)).Html);
        seen.Add((await host.GetAsync($"/s/{slug}/calendar.ics")).Html);
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", "Door 1"));
        seen.Add((await host.GetAsync($"/s/{slug}/team")).Html);
        var mine = await host.GetAsync("/my/calendar");
        await host.PostAsync("/my/calendar/feed", [], mine.AntiforgeryToken);
        seen.Add((await host.GetAsync("/my/calendar")).Html);

        // A guest: confirmation with tickets and calendar invitation, their own file and feed.
        await RsvpFlows.AnswerAsync(app, slug, "Bea Guest", "bea@example.net", party: 2, guests: "Cy");
        var manage = app.LinkInMail("bea@example.net", "/rsvp/");
        await RsvpFlows.ManageAsync(app, manage, "calendar-feed");
        seen.Add((await new WebSession(app).GetAsync(manage)).Html);
        seen.Add((await new WebSession(app).GetAsync(manage + "/calendar.ics")).Html);

        // An invitation: its links and List-Unsubscribe.
        await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", "dan@example.net"), ("Message", ""));

        app.DeliverMail();
        seen.AddRange(Directory.GetFiles(app.MailDirectory, "*.eml").Select(File.ReadAllText));

        Assert.Contains(seen, s => s.Contains("forgot", StringComparison.Ordinal) || s.Contains("reset-password", StringComparison.Ordinal));
        var unsubscribe = Directory.GetFiles(app.MailDirectory, "*.eml").Select(f => MimeKit.MimeMessage.Load(f).Headers[MimeKit.HeaderId.ListUnsubscribe]).Where(h => h is not null).ToList();
        Assert.NotEmpty(unsubscribe);
        Assert.All(unsubscribe, h => Assert.StartsWith($"<{origin}/unsubscribe/", h, StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains(origin + "/door/", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains($"webcal://{authority}/feeds/", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains(origin + "/t/", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.Contains($"URL:{origin}/s/{slug}", StringComparison.Ordinal));
        Assert.DoesNotContain(seen, s => s.Contains(Forged, StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("Production", "Campaign:PublicBaseUrl", "Campaign:PublicBaseUrl is required outside Development")]
    [InlineData("Staging", "Campaign:PublicBaseUrl", "Campaign:PublicBaseUrl is required outside Development")]
    [InlineData("Production", "Mail:Mode", "Mail:Mode must be chosen outside Development")]
    public void Outside_development_the_app_refuses_to_start_without_a_chosen_setting(string environment, string missing, string message)
    {
        using var app = new CampaignFactory(environment, new Dictionary<string, string?> { [missing] = null });

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_links_and_reminders_use_the_address_the_app_listens_on_with_the_default_configuration()
    {
        // The shipped defaults (no Campaign:PublicBaseUrl, no Mail:Mode); the reminder loop is driven by hand, at a fake time.
        using var app = new KestrelCampaignFactory();
        var slug = await RsvpFlows.ScreeningAsync(app);
        await RsvpFlows.AnswerAsync(app, slug, "Bea Guest", "bea@example.net");
        var start = app.WithDb(db => db.Screenings.Single(s => s.Slug == slug).StartUtc);
        app.Clock.SetUtcNow(new DateTimeOffset(start.AddHours(-23), TimeSpan.Zero));

        var sent = await app.Services.GetRequiredService<ReminderJob>().RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, sent);
        var reminder = app.MailsTo("bea@example.net").Single(m => m.Subject!.StartsWith("Reminder", StringComparison.Ordinal));
        Assert.Contains(app.Origin + "/rsvp/", reminder.TextBody, StringComparison.Ordinal);
    }
}

/// <summary>The app in Development on a real loopback port, with none of the settings the other tests choose for it.</summary>
public sealed class KestrelCampaignFactory : CampaignFactory
{
    public KestrelCampaignFactory(IDictionary<string, string?>? settings = null)
        : base("Development", new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Campaign:PublicBaseUrl"] = null, ["Mail:Mode"] = null })
    {
        UseKestrel(0);
        StartServer();
        Origin = Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
    }

    /// <summary>http://127.0.0.1:PORT</summary>
    public string Origin { get; }

    /// <summary>A client over a real socket, like a browser: its own cookies, redirects not followed.</summary>
    public override HttpClient Browser() => Forge(new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }, disposeHandler: true)
    {
        BaseAddress = new Uri(Origin + "/"),
    });
}
