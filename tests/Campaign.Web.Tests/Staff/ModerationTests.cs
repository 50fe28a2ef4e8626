using System.Net;
using Campaign.Domain.Screenings;

namespace Campaign.Web.Tests;

public sealed class ModerationTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private async Task<(WebSession Host, WebSession Staff, string Slug)> PendingPublicScreeningAsync(string title = "Public night")
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title, visibility: "Public"));
        var staff = await Flows.StaffAsync(_app);
        return (host, staff, slug);
    }

    private static async Task<WebSession.Page> StaffPostAsync(WebSession staff, string action, params (string, string)[] fields) =>
        await staff.SubmitAsync("/staff", action, fields);

    [Fact]
    public async Task A_new_hosts_public_screening_waits_in_the_staff_queue_and_is_not_listed()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();

        Assert.DoesNotContain("Public night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval by the campaign's staff", (await host.GetAsync("/s/" + slug)).Text, StringComparison.Ordinal);
        var queue = await staff.GetAsync("/staff");
        Assert.Contains("Waiting for approval (1)", queue.Text, StringComparison.Ordinal);
        Assert.Contains("Public night", queue.Text, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", queue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approval_lists_the_screening_mails_the_host_and_trusts_them_for_the_next_one()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();

        var done = await StaffPostAsync(staff, $"/staff/screenings/{slug}/approve");
        Assert.Equal("/staff", done.Location);

        Assert.Contains("Public night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        Assert.Contains(_app.MailsTo("ana@example.org"), m => m.Subject == "Your screening is listed: Public night");

        await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Second night", visibility: "Public"));
        Assert.Contains("Second night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval (0)", (await staff.GetAsync("/staff")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_needs_a_reason_which_is_mailed_to_the_host()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();

        var noReason = await StaffPostAsync(staff, $"/staff/screenings/{slug}/reject", ("Reason", " "));
        Assert.Equal(ModerationState.Pending, _app.WithDb(db => db.Screenings.Single().Moderation));
        Assert.Contains("Give a reason", (await staff.FollowAsync(noReason)).Text, StringComparison.Ordinal);

        await StaffPostAsync(staff, $"/staff/screenings/{slug}/reject", ("Reason", "Please add a venue <b>name</b>."));

        Assert.Equal(ModerationState.Rejected, _app.WithDb(db => db.Screenings.Single().Moderation));
        var mail = _app.MailsTo("ana@example.org")[^1];
        Assert.Equal("About your screening: Public night", mail.Subject);
        Assert.Contains("Please add a venue <b>name</b>.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Please add a venue &lt;b&gt;name&lt;/b&gt;.", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(_app).GetAsync("/s/" + slug)).Status);
        Assert.Contains("Please add a venue", (await host.GetAsync("/s/" + slug)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_screening_edited_by_its_host_returns_to_the_queue()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();
        await StaffPostAsync(staff, $"/staff/screenings/{slug}/reject", ("Reason", "Needs a description."));

        var edit = await host.GetAsync($"/s/{slug}/edit");
        var fields = Flows.ScreeningFields("Public night", visibility: "Public");
        fields["Version"] = _app.WithDb(db => db.Screenings.Single().Version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);

        Assert.Contains("Waiting for approval (1)", (await staff.GetAsync("/staff")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_the_time_of_a_listed_screening_flags_it_in_the_queue_while_it_stays_listed()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();
        await StaffPostAsync(staff, $"/staff/screenings/{slug}/approve");

        var edit = await host.GetAsync($"/s/{slug}/edit");
        var fields = Flows.ScreeningFields("Public night", startLocal: new DateTime(DateTime.UtcNow.Year + 1, 3, 20, 18, 0, 0), visibility: "Public");
        fields["Version"] = _app.WithDb(db => db.Screenings.Single().Version).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);

        var queue = await staff.GetAsync("/staff");
        Assert.Contains("Listed screenings that changed (1)", queue.Text, StringComparison.Ordinal);
        Assert.Contains("Changed: time", queue.Text, StringComparison.Ordinal);
        Assert.Contains("Public night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);

        await StaffPostAsync(staff, $"/staff/screenings/{slug}/approve");
        Assert.Contains("Listed screenings that changed (0)", (await staff.GetAsync("/staff")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_unpublish_takes_a_screening_out_of_the_directory()
    {
        var (_, staff, slug) = await PendingPublicScreeningAsync();
        await StaffPostAsync(staff, $"/staff/screenings/{slug}/approve");

        await StaffPostAsync(staff, $"/staff/screenings/{slug}/unpublish", ("Reason", "Reported as spam."));

        Assert.DoesNotContain("Public night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        Assert.Equal(ModerationState.Unpublished, _app.WithDb(db => db.Screenings.Single().Moderation));
        // The approval and unpublish mails share one fake instant, so their delivery order is not defined.
        Assert.Contains(_app.MailsTo("ana@example.org"), m => m.TextBody?.Contains("Reported as spam.", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_suspended_host_cannot_sign_in_and_their_screenings_are_not_listed()
    {
        var (host, staff, slug) = await PendingPublicScreeningAsync();
        await StaffPostAsync(staff, $"/staff/screenings/{slug}/approve");
        var hostId = _app.WithDb(db => db.Users.Single(u => u.Email == "ana@example.org").Id);

        await staff.SubmitAsync("/staff/hosts", $"/staff/hosts/{hostId}/suspend", ("Reason", "Abusive invitations."));

        Assert.DoesNotContain("Public night", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        var login = await new WebSession(_app).SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", Flows.Password));
        Assert.Contains("This account is suspended", login.Text, StringComparison.Ordinal);
        Assert.Contains("Abusive invitations.", login.Text, StringComparison.Ordinal);
        // Listed and suspended mails share one fake instant, so their delivery order is not defined.
        Assert.Contains(_app.MailsTo("ana@example.org"), m => m.Subject == "Your account is suspended");

        _app.Clock.Advance(TimeSpan.FromMinutes(2));
        var stale = await host.GetAsync("/screenings/new");
        Assert.True(stale.Status.IsRedirect(), "The suspended host's open session ends at the next security-stamp check.");

        await staff.SubmitAsync("/staff/hosts", $"/staff/hosts/{hostId}/reinstate");
        await Flows.LoginAsync(_app, "ana@example.org");
    }

    [Fact]
    public async Task Unlisted_screenings_need_no_approval_and_are_never_listed()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Just friends"));
        var staff = await Flows.StaffAsync(_app);

        Assert.Contains("Waiting for approval (0)", (await staff.GetAsync("/staff")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Just friends", (await new WebSession(_app).GetAsync("/screenings")).Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await new WebSession(_app).GetAsync("/s/" + slug)).Status);
    }

    [Fact]
    public async Task Non_staff_cannot_approve()
    {
        var (host, _, slug) = await PendingPublicScreeningAsync();
        var page = await host.SubmitAsync("/my/screenings", $"/staff/screenings/{slug}/approve");
        Assert.True(page.Status.IsRedirect());
        Assert.Contains("access-denied", page.Location, StringComparison.Ordinal);
        Assert.Equal(ModerationState.Pending, _app.WithDb(db => db.Screenings.Single().Moderation));
    }
}
