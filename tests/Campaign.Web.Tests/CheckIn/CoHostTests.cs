using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Tickets;

namespace Campaign.Web.Tests;

/// <summary>Co-hosts: added by e-mail, they get the host's rights except cancelling and managing co-hosts.</summary>
public sealed class CoHostTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_co_host_added_by_email_can_edit_invite_see_guests_and_scan_but_not_cancel_or_manage_co_hosts()
    {
        var host = await Flows.RegisterAsync(_app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields());
        await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@example.org");
        var co = await Flows.RegisterAsync(_app, "co@example.org", "Cora");
        Assert.Equal(HttpStatusCode.NotFound, (await co.GetAsync($"/s/{slug}/guests")).Status);

        var added = await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "Co@Example.org"));
        Assert.Equal(HttpStatusCode.Redirect, added.Status);
        var invite = _app.MailsTo("Co@Example.org")[^1];
        Assert.Contains("co-host", invite.Subject, StringComparison.Ordinal);
        var again = await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "co@example.org"));
        Assert.Contains("co-host already", again.Text, StringComparison.Ordinal);
        var bad = await host.SubmitAsync($"/s/{slug}/team", $"/s/{slug}/team/cohosts", ("Email", "not an address"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.Status);

        Assert.Contains("Community screening", (await co.GetAsync("/my/screenings")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await co.GetAsync($"/s/{slug}/guests")).Status);
        Assert.Contains("Ana", (await co.GetAsync($"/s/{slug}/guests")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await co.GetAsync($"/s/{slug}/edit")).Status);
        Assert.Equal(HttpStatusCode.OK, (await co.GetAsync($"/s/{slug}/invite")).Status);
        Assert.Equal(HttpStatusCode.OK, (await co.GetAsync("/checkin/" + slug)).Status);
        var code = _app.WithDb(db => db.Tickets.Single().Code);
        var (_, scan) = await co.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code });
        Assert.Equal("admitted", scan.GetProperty("outcome").GetString());
        var (undo, _) = await co.JsonAsync(HttpMethod.Post, "/api/checkin/undo", new { screening = slug, ticket = scan.GetProperty("ticket").GetGuid() });
        Assert.Equal(HttpStatusCode.OK, undo);

        var page = await co.GetAsync("/s/" + slug);
        Assert.DoesNotContain("Cancel screening", page.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await co.GetAsync($"/s/{slug}/cancel")).Status);
        var team = await co.GetAsync($"/s/{slug}/team");
        Assert.DoesNotContain("Add co-host", team.Text, StringComparison.Ordinal);
        var sneaky = await co.PostAsync($"/s/{slug}/team/cohosts", [new("Email", "friend@example.org")], team.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NotFound, sneaky.Status);

        // Removed: the rights go with it.
        var hostTeam = await host.GetAsync($"/s/{slug}/team");
        // The team page links the confirm step; its form does the removal.
        var remove = Regex.Match(hostTeam.Html, "href=\"(/s/[^\"]+/team/cohosts/[0-9a-f-]+/remove)\"").Groups[1].Value;
        var confirm = await host.GetAsync(remove);
        Assert.Contains($"action=\"{remove}\"", confirm.Html, StringComparison.Ordinal);
        await host.PostAsync(remove, [], confirm.AntiforgeryToken);
        Assert.Equal(HttpStatusCode.NotFound, (await co.GetAsync($"/s/{slug}/guests")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await co.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/counts")).Status);
    }
}
