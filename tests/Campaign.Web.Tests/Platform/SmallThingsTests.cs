using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Campaign.Domain.Rsvps;
using Campaign.Web.Infrastructure;

namespace Campaign.Web.Tests;

/// <summary>Issue 14, item 6: counts read right, mail names its language and title, the dev mail viewer's links leave its frame.</summary>
public sealed partial class SmallThingsTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("en", 0, false)]
    [InlineData("en", 1, true)]
    [InlineData("en", 2, false)]
    [InlineData("es", 1, true)]
    [InlineData("es", 0, false)]
    [InlineData("fr", 0, true)]
    [InlineData("fr", 2, false)]
    public void Plural_rule_takes_the_one_form_where_the_language_does(string language, int count, bool one) =>
        Assert.Equal(one, PluralRule.IsOne(count, CultureInfo.GetCultureInfo(language)));

    [Fact]
    public async Task Counts_of_one_read_in_the_singular_on_the_screening_page_the_party_fields_and_the_guest_list()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var fields = Flows.ScreeningFields(capacity: 2);
        fields["MaxPlusOnes"] = "1";
        // The number is public only when the host shows it (ADR 0024).
        fields["ShowSeatsLeft"] = "true";
        var slug = await Flows.CreateScreeningAsync(host, fields);
        GuestData.Rsvp(_app, slug, "Dan Single", "dan@example.org");

        var page = await new WebSession(_app).GetAsync("/s/" + slug);
        Assert.Contains("1 of 2 seats left", page.Text, StringComparison.Ordinal);
        Assert.Matches(@"Please answer by [^.]+\. 1 seat left\.", page.Text);
        Assert.Contains("You and up to 1 guest.", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 seats", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("1 guests", page.Text, StringComparison.Ordinal);

        var tooMany = await RsvpFlows.AnswerAsync(_app, slug, "Eve Many", "eve@example.org", party: 3);
        Assert.Contains("Choose between 1 and 2 people (you and up to 1 guest).", tooMany.Text, StringComparison.Ordinal);

        var guests = await host.GetAsync($"/s/{slug}/guests");
        Assert.Matches(@"Confirmed\s+1 party, 1 person", guests.Text);
        Assert.Matches(@"Waitlisted\s+0 people", guests.Text);

        var edit = await host.GetAsync($"/s/{slug}/edit");
        Assert.Contains("1 seat is taken already.", edit.Text, StringComparison.Ordinal);

        // The same counts above one keep the plural.
        GuestData.Rsvp(_app, slug, "Fay Waiting", "fay@example.org", party: 2, status: RsvpStatus.Waitlisted);
        Assert.Matches(@"Waitlisted\s+2 people", (await host.GetAsync($"/s/{slug}/guests")).Text);
    }

    [Fact]
    public async Task Mail_html_names_its_language_and_carries_the_subject_as_its_title_encoded()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var fields = Flows.ScreeningFields(title: "Film & <talk>");
        var slug = await Flows.CreateScreeningAsync(host, fields);
        await RsvpFlows.AnswerAsync(_app, slug, "Gwen Guest", "gwen@example.org");

        var mail = _app.MailsTo("gwen@example.org")[^1];
        var html = mail.HtmlBody!;
        Assert.StartsWith("<!DOCTYPE html><html lang=\"en\"><head>", html, StringComparison.Ordinal);
        var title = TitleTag().Match(html);
        Assert.True(title.Success, html);
        Assert.Equal(mail.Subject, WebUtility.HtmlDecode(title.Groups[1].Value));
        Assert.Contains("&lt;talk&gt;", title.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("<talk>", html, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(html, "<title>"));
    }

    [Fact]
    public async Task Mail_viewer_opens_the_mails_links_in_a_new_tab_and_keeps_the_sandbox()
    {
        using var dev = new CampaignFactory("Development");
        await Flows.RegisterAsync(dev, "viewer@example.org", confirm: false);
        dev.DeliverMail();
        var name = Path.GetFileName(Directory.GetFiles(dev.MailDirectory, "*.eml").Single());

        var response = await dev.Browser().GetAsync($"/mail/{name}/html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<head><base target=\"_blank\">", html, StringComparison.Ordinal);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("sandbox allow-popups allow-popups-to-escape-sandbox", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-scripts", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-same-origin", csp, StringComparison.Ordinal);
    }

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitleTag();
}
