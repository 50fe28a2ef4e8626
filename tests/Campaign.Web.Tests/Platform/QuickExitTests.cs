using System.Net;
using System.Text.RegularExpressions;
using Campaign.Infrastructure.Configuration;

namespace Campaign.Web.Tests;

/// <summary>"Leave this page quickly" on every page a guest sees, pointing where configuration says (ADR 0024).</summary>
public sealed partial class QuickExitTests : IDisposable
{
    private const string ExitUrl = "https://neutral.example.net/start?q=weather";
    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?> { ["Campaign:QuickExitUrl"] = ExitUrl });

    public void Dispose() => _app.Dispose();

    [GeneratedRegex("<a href=\"([^\"]*)\" id=\"quick-exit-link\"")]
    private static partial Regex ExitLink();

    private static string? ExitHref(WebSession.Page page) =>
        ExitLink().Match(page.Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [Fact]
    public async Task Every_page_a_guest_sees_has_the_quick_exit_to_the_configured_site_and_loads_nothing_from_it()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host);
        var answered = await RsvpFlows.AnswerAsync(_app, slug, "Gia Guest", "gia@example.org");
        var mail = Assert.Single(_app.MailsTo("gia@example.org"));
        var manage = "/rsvp/" + _app.WithDb(db => db.Rsvps.Single()).ManageToken;
        var code = TicketTests.CodesIn(mail)[0];
        var invitation = GuestData.Invitation(_app, slug, "ivy@example.org");

        var guest = new WebSession(_app);
        string[] paths =
        [
            "/", "/help", "/privacy", "/screenings", "/s/" + slug, answered.Location!, "/i/" + invitation.Token,
            manage, manage + "/cancel", manage + "/not-me", "/t/" + code, "/account/login",
        ];
        foreach (var path in paths)
        {
            var page = await guest.GetAsync(path);
            if (page.Status.IsRedirect())
            {
                page = await guest.GetAsync(page.Location!);
            }

            Assert.True(page.Status == HttpStatusCode.OK, $"{path}: {(int)page.Status}");
            Assert.Equal(ExitUrl, ExitHref(page));
            Assert.Contains("Leave this page quickly", page.Text, StringComparison.Ordinal);
            // A navigation only: no script, style, image, frame or prefetch hint names the site before the click.
            Assert.DoesNotMatch("<(script|link|img|iframe|source|video|audio|object|embed|form|meta)\\b[^>]*neutral\\.example\\.net", page.Html);
            Assert.Single(Regex.Matches(page.Html, "<a [^>]*href=\"https://neutral\\.example\\.net"));
            Assert.DoesNotMatch("<link[^>]+(prefetch|preconnect|dns-prefetch|prerender)", page.Html);
            Assert.Contains("src=\"/js/quick-exit.js", page.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("neutral.example.net", page.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        }

        // The host's pages have it too; the door scanner, which offers no way off it, does not.
        Assert.Equal(ExitUrl, ExitHref(await host.GetAsync("/s/" + slug)));
        var scanner = await host.GetAsync("/checkin/" + slug);
        Assert.Equal(HttpStatusCode.OK, scanner.Status);
        Assert.Null(ExitHref(scanner));
    }

    [Fact]
    public async Task The_control_explains_once_that_earlier_pages_stay_in_the_history()
    {
        var page = await new WebSession(_app).GetAsync("/screenings");
        // Shown by quick-exit.js until dismissed (sessionStorage, no cookie); without JavaScript the noscript copy says it.
        Assert.Matches("<div class=\"container quick-exit-note\" id=\"quick-exit-note\" role=\"note\" hidden>", page.Html);
        Assert.Contains("stay in your browser's history", page.Text, StringComparison.Ordinal);
        Assert.Contains("<noscript>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_setting_the_quick_exit_goes_to_a_search_engine_home_page()
    {
        using var app = new CampaignFactory(settings: new Dictionary<string, string?> { ["Campaign:QuickExitUrl"] = null });
        var page = await new WebSession(app).GetAsync("/");
        Assert.Equal(CampaignOptions.DefaultQuickExitUrl, ExitHref(page));
        Assert.Equal("https://www.google.com/", CampaignOptions.DefaultQuickExitUrl);
    }
}
