using System.Net;

namespace Campaign.Web.Tests;

/// <summary>One address rule (Campaign.Domain.EmailAddress) for every form an address comes in through.</summary>
public sealed class AddressRuleTests : IDisposable
{
    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_internationalised_address_registers_in_punycode_and_signs_in_typed_either_way()
    {
        await Flows.RegisterAsync(_app, "ana@bücher.example");

        Assert.Equal("ana@xn--bcher-kva.example", _app.WithDb(db => db.Users.Single().Email));
        await Flows.LoginAsync(_app, "ana@xn--bcher-kva.example");
        await Flows.LoginAsync(_app, "Ana@Bücher.example");
    }

    [Theory]
    [InlineData("a..b@example.org")]
    [InlineData("reg111.@example.com")]
    [InlineData("x@.example.com")]
    public async Task Registration_refuses_what_the_rule_refuses(string email)
    {
        var page = await new WebSession(_app).SubmitAsync("/account/register", "/account/register",
            ("DisplayName", "Ana"), ("Email", email), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        Assert.Contains("That is not an e-mail address.", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Users.Count()));
    }

    [Fact]
    public async Task An_rsvp_from_an_internationalised_address_is_stored_and_mailed_in_punycode()
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);

        var page = await RsvpFlows.AnswerAsync(_app, slug, "Ana", "ana@bücher.example");

        Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, $"answered {(int)page.Status}");
        Assert.Equal("ana@xn--bcher-kva.example", _app.WithDb(db => db.Rsvps.Single().Email));
        Assert.Equal("ana@xn--bcher-kva.example", _app.WithDb(db => db.OutboxMessages.Single(m => m.Kind == "rsvp-confirmed").ToAddress));
    }

    [Theory]
    [InlineData("a b@example.com")]
    [InlineData("reg111.@example.com")]
    [InlineData("<x>@example.com")]
    public async Task An_rsvp_from_an_address_the_rule_refuses_is_not_stored(string email)
    {
        var slug = await RsvpFlows.ScreeningAsync(_app);

        var page = await RsvpFlows.AnswerAsync(_app, slug, "Ana", email);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, page.Status);
        Assert.Contains("Give a valid e-mail address", page.Text, StringComparison.Ordinal);
        Assert.Equal(0, _app.WithDb(db => db.Rsvps.Count()));
    }
}
