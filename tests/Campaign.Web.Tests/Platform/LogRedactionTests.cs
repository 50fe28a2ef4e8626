using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Campaign.Web.Tests;

/// <summary>Ticket codes and private tokens never reach the logs, even at Debug level where ASP.NET Core prints every path.</summary>
public sealed class LogRedactionTests : IDisposable
{
    private readonly LoggedApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Codes_and_tokens_used_in_links_appear_in_no_log_line()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields());
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        var manage = new Uri(_app.LinkInMail("ana@example.org", "/rsvp/")).AbsolutePath;
        var manageToken = manage.Split('/')[2];
        var codes = _app.WithDb(db => db.Tickets.Select(t => t.Code).ToList());
        await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/doors", ("Name", "Door 2"));
        var doorToken = _app.WithDb(db => db.DoorLinks.Single().Token);

        var visitor = new WebSession(_app);
        await visitor.GetAsync(manage);
        await RsvpFlows.ManageAsync(_app, manage, "party", ("PartySize", "2"), ("GuestNames[0]", "Bo"));
        await visitor.GetAsync("/t/" + codes[0]);
        await visitor.GetAsync($"/t/{codes[1]}/qr.png");
        await visitor.GetAsync("/t/" + codes[0][..^1] + "A");
        await visitor.GetAsync("/door/" + doorToken);
        // The door's installable scanner: its manifest names the door link (start_url), and so does its address.
        await visitor.GetAsync($"/door/{doorToken}/manifest.webmanifest");
        await visitor.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/package", doorToken: doorToken);
        await visitor.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = codes[1], scanId = "offline-1", decidedOffline = true }, doorToken);
        await visitor.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code = codes[0] }, doorToken);
        await visitor.GetAsync($"/rsvp/{manageToken}/calendar.ics");
        await visitor.GetAsync($"/rsvp/{manageToken}/tickets.pdf");
        await visitor.GetAsync($"/rsvp/{manageToken}/cancel");
        await visitor.GetAsync($"/t/{codes[0]}/ticket.pdf");
        await visitor.GetAsync("/feeds/AAAAAAAAAAAAAAAAAAAAAAAA.ics");
        // Discreet mode (decisions/0023): the help pages behind "If you need support" and the switch on the manage page.
        var invitation = GuestData.Invitation(_app, slug, "dee@example.org");
        await visitor.GetAsync($"/rsvp/{manageToken}/help");
        await visitor.GetAsync($"/i/{invitation.Token}/help");
        await RsvpFlows.ManageAsync(_app, manage, "discreet", ("discreet", "true"));
        // Walk-ins (decisions/0025): the door poster's form, its page after an address, and a walk-in's tickets.
        var posterToken = _app.WithDb(db => db.Screenings.Single().WalkInToken);
        await visitor.GetAsync($"/w/{posterToken}");
        await visitor.GetAsync($"/w/{posterToken}/sent");
        await visitor.GetAsync($"/rsvp/{manageToken}/walk-in");

        var lines = _app.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/t/[redacted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/door/[redacted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/door/[redacted]/manifest.webmanifest", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/rsvp/[redacted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("/w/[redacted]", StringComparison.Ordinal));
        Assert.True(lines.Count > 100, $"only {lines.Count} log lines: Debug logging is not on");
        foreach (var secret in codes.Append(manageToken).Append(posterToken).Append(doorToken).Append(invitation.Token).Append(codes[0][..40]).Append("AAAAAAAAAAAAAAAAAAAAAAAA"))
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private sealed class LoggedApp : CampaignFactory
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Default", "Debug");
            builder.UseSetting("Logging:LogLevel:Microsoft", "Debug");
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
            builder.ConfigureLogging(logging => logging.AddProvider(new Capture(Lines)));
        }
    }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {values} | {exception}");
            }
        }
    }
}
