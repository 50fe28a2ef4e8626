using System.Net;
using Campaign.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Campaign.Web.Tests;

public sealed class AccountTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Registration_mails_a_confirmation_link_that_confirms_the_address()
    {
        var session = new WebSession(_app);
        var page = await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana Host"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        Assert.Equal("/account/check-email", page.Location);
        var checkEmail = await session.FollowAsync(page);
        Assert.Contains("Check your e-mail", checkEmail.Text, StringComparison.Ordinal);

        var mail = Assert.Single(_app.MailsTo("ana@example.org"));
        Assert.Equal("Confirm your e-mail address", mail.Subject);
        Assert.NotNull(mail.TextBody);
        Assert.NotNull(mail.HtmlBody);
        Assert.Contains("Ana Host", mail.HtmlBody, StringComparison.Ordinal);
        Assert.True(mail.Date > DateTimeOffset.UtcNow.AddMinutes(-5));

        Assert.False(_app.WithDb(db => db.Users.Single().EmailConfirmed));
        var confirmed = await session.GetAsync(_app.LinkInMail("ana@example.org", "/account/confirm-email"));
        Assert.Equal(HttpStatusCode.OK, confirmed.Status);
        Assert.Contains("Address confirmed", confirmed.Text, StringComparison.Ordinal);
        Assert.True(_app.WithDb(db => db.Users.Single().EmailConfirmed));
    }

    [Fact]
    public async Task A_tampered_confirmation_link_is_refused_and_confirms_nothing()
    {
        await Flows.RegisterAsync(_app, "ana@example.org", confirm: false);
        var link = _app.LinkInMail("ana@example.org", "/account/confirm-email");
        var session = new WebSession(_app);

        var page = await session.GetAsync(link[..^6] + "AAAAAA");

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Contains("not valid", page.Text, StringComparison.Ordinal);
        Assert.False(_app.WithDb(db => db.Users.Single().EmailConfirmed));
    }

    [Fact]
    public async Task Registering_a_taken_address_answers_the_same_and_mails_the_owner_instead()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        var stranger = new WebSession(_app);

        var page = await stranger.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Someone Else"), ("Email", "ANA@example.org"), ("Password", "another long password"), ("ConfirmPassword", "another long password"));

        Assert.Equal("/account/check-email", page.Location);
        Assert.Equal(1, _app.WithDb(db => db.Users.Count()));
        Assert.Equal("You already have an account", _app.MailsTo("ana@example.org")[^1].Subject);
        await Flows.LoginAsync(_app, "ana@example.org");
    }

    [Theory]
    [InlineData("elevenchars")]
    [InlineData("this password is one hundred and twenty nine characters long and that is longer than anybody needs for a password xxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task Passwords_outside_12_to_128_characters_are_refused_beside_the_field(string password)
    {
        Assert.True(password.Length is < 12 or > 128);
        var session = new WebSession(_app);

        var page = await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", password), ("ConfirmPassword", password));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Passwords need 12 to 128 characters.", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Users.Count()));
        Assert.Empty(_app.Mails());
    }

    [Fact]
    public async Task A_twelve_character_password_without_digits_or_symbols_is_accepted()
    {
        var session = new WebSession(_app);
        var page = await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", "abcdefghijkl"), ("ConfirmPassword", "abcdefghijkl"));
        Assert.Equal("/account/check-email", page.Location);
    }

    [Fact]
    public async Task Line_breaks_and_markup_in_a_name_reach_neither_mail_headers_nor_html()
    {
        var session = new WebSession(_app);
        await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Eve\r\nBcc: victim@example.org <b>bold</b>"), ("Email", "eve@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        var mail = Assert.Single(_app.Mails());
        Assert.Empty(mail.Bcc);
        Assert.Single(mail.To.Mailboxes);
        Assert.DoesNotContain("\n", mail.To.Mailboxes.Single().Name ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Eve Bcc: victim@example.org <b>bold</b>", _app.WithDb(db => db.Users.Single().DisplayName));
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_with_a_clear_message()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        var session = new WebSession(_app);
        WebSession.Page page = null!;
        for (var i = 0; i < 5; i++)
        {
            page = await session.SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", "wrong password " + i));
        }

        Assert.Contains("locked for 15 minutes", page.Text, StringComparison.Ordinal);
        var withRightPassword = await session.SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", Flows.Password));
        Assert.Contains("locked", withRightPassword.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_link_opens_a_form_and_changes_nothing_until_submitted()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        var session = new WebSession(_app);

        var asked = await session.SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "ana@example.org"));
        Assert.Contains("Check your e-mail", asked.Text, StringComparison.Ordinal);
        var link = _app.LinkInMail("ana@example.org", "/account/reset-password");

        var form = await session.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        await Flows.LoginAsync(_app, "ana@example.org");

        var done = await Flows.ResetPasswordAsync(session, link, form, "a brand new passphrase");
        Assert.Equal("/account/login", done.Location);
        await Flows.LoginAsync(_app, "ana@example.org", "a brand new passphrase");
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_unknown_addresses_and_sends_nothing()
    {
        var session = new WebSession(_app);
        var page = await session.SubmitAsync("/account/forgot-password", "/account/forgot-password", ("Email", "nobody@example.org"));
        Assert.Contains("If an account uses nobody@example.org", page.Text, StringComparison.Ordinal);
        Assert.Empty(_app.Mails());
    }

    [Fact]
    public async Task Logging_out_needs_a_post()
    {
        var session = await Flows.RegisterAsync(_app, "ana@example.org");
        var get = await session.GetAsync("/account/logout");
        Assert.NotEqual(HttpStatusCode.OK, get.Status);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/account")).Status);
    }

    [Fact]
    public async Task With_an_authenticator_app_sign_in_asks_for_its_code()
    {
        var session = await Flows.RegisterAsync(_app, "ana@example.org");
        var key = await Flows.EnableTwoFactorAsync(session);
        var fresh = new WebSession(_app);

        var first = await fresh.SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", Flows.Password));
        Assert.StartsWith("/account/login-2fa", first.Location, StringComparison.Ordinal);

        var wrong = await fresh.SubmitAsync(first.Location!, "/account/login-2fa", ("Code", "000000"));
        Assert.Contains("That code is not right", wrong.Text, StringComparison.Ordinal);

        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        var right = await fresh.SubmitAsync(first.Location!, "/account/login-2fa", ("Code", Totp.Code(key, _app.Clock.GetUtcNow())));
        Assert.Equal("/", right.Location);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/account")).Status);
    }

    [Fact]
    public async Task Staff_pages_need_two_factor_sign_in()
    {
        var staff = await Flows.RegisterAsync(_app, "staff@example.org", "Sam Staff");

        var denied = await staff.FollowAsync(await staff.GetAsync("/staff"));
        Assert.Contains("Staff pages need two-factor sign-in", denied.Text, StringComparison.Ordinal);

        await Flows.EnableTwoFactorAsync(staff);
        var queue = await staff.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.OK, queue.Status);
        Assert.Contains("Staff queue", queue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_not_on_the_staff_list_never_opens_staff_pages()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        await Flows.EnableTwoFactorAsync(host);
        var page = await host.FollowAsync(await host.GetAsync("/staff"));
        Assert.Contains("You do not have access to this page.", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_address_is_not_staff_until_confirmed()
    {
        var unconfirmed = await Flows.RegisterAsync(_app, "staff@example.org", confirm: false);
        var page = await unconfirmed.FollowAsync(await unconfirmed.GetAsync("/staff"));
        Assert.DoesNotContain("Staff queue", page.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identity_uses_schema_version_3_with_passkeys()
    {
        using var scope = _app.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value;
        Assert.Equal(IdentitySchemaVersions.Version3, options.Stores.SchemaVersion);
        var db = scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Data.CampaignDbContext>();
        Assert.NotNull(db.Model.FindEntityType(typeof(IdentityUserPasskey<string>)));
        Assert.Equal(0, await db.Set<ApplicationUser>().CountAsync());
    }

    [Fact]
    public async Task Staff_keep_their_rights_after_the_periodic_session_check()
    {
        var staff = await Flows.StaffAsync(_app);

        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).Status);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).Status);
    }

    [Fact]
    public async Task Registering_sets_no_sign_in_cookie_so_a_taken_address_looks_the_same()
    {
        var session = new WebSession(_app);
        var page = await session.SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", "ana@example.org"), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        Assert.Equal("/account/check-email", page.Location);
        Assert.False(page.Headers.TryGetValue("Set-Cookie", out var cookies) && cookies.Contains("campaign.auth", StringComparison.Ordinal));
        Assert.True((await session.GetAsync("/account")).Status.IsRedirect(), "Not signed in after registering.");
    }

    [Fact]
    public async Task The_suspension_reason_is_shown_only_to_someone_who_knows_the_password()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByEmailAsync("ana@example.org"))!;
            user.Suspend("Sent abusive invitations.", DateTime.UtcNow);
            await users.UpdateAsync(user);
        }

        var guess = await new WebSession(_app).SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", "a wrong guess here"));
        Assert.DoesNotContain("suspended", guess.Text, StringComparison.Ordinal);
        Assert.Contains("The e-mail address or password is not right.", guess.Text, StringComparison.Ordinal);

        var owner = await new WebSession(_app).SubmitAsync("/account/login", "/account/login", ("Email", "ana@example.org"), ("Password", Flows.Password));
        Assert.Contains("This account is suspended", owner.Text, StringComparison.Ordinal);
        Assert.Contains("Sent abusive invitations.", owner.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_remembered_after_two_factor_sign_in_still_opens_staff_pages()
    {
        var staff = await Flows.StaffAsync(_app);
        var key = _app.WithDb(db => db.UserTokens.Single(t => t.Name == "AuthenticatorKey").Value)!;
        await staff.SubmitAsync("/", "/account/logout");

        var first = await staff.SubmitAsync("/account/login", "/account/login", ("Email", "staff@example.org"), ("Password", Flows.Password));
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        await staff.SubmitAsync(first.Location!, "/account/login-2fa", ("Code", Totp.Code(key, _app.Clock.GetUtcNow())), ("RememberMachine", "true"));
        await staff.SubmitAsync("/", "/account/logout");

        var again = await staff.SubmitAsync("/account/login", "/account/login", ("Email", "staff@example.org"), ("Password", Flows.Password));
        Assert.Equal("/", again.Location);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/staff")).Status);
    }
}
