using Campaign.Infrastructure.Mail;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>A guest mail that cannot be delivered shows where the host can act: on that guest's row of the guest list.</summary>
public sealed class GuestMailFailureTests
{
    [Fact]
    public async Task A_confirmation_the_server_refuses_shows_on_that_guests_row_and_nowhere_else()
    {
        // Refuses BouncingFactory.Refused for good (550), delivers the rest to the pickup folder.
        using var app = new BouncingFactory();
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(capacity: 10));
        await RsvpFlows.AnswerAsync(app, slug, "Bea Refused", BouncingFactory.Refused);
        await RsvpFlows.AnswerAsync(app, slug, "Cy Fine", "cy@example.net");

        app.DeliverMail();

        var list = await host.GetAsync($"/s/{slug}/guests");
        var rows = list.Html.Split("<tr>");
        var bea = Assert.Single(rows, r => r.Contains("Bea Refused", StringComparison.Ordinal));
        Assert.Contains("Mail not delivered: 550", bea, StringComparison.Ordinal);
        var cy = Assert.Single(rows, r => r.Contains("Cy Fine", StringComparison.Ordinal));
        Assert.DoesNotContain("Mail not delivered", cy, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Failed, app.WithDb(db => db.OutboxMessages.AsNoTracking().Single(m => m.ToAddress == BouncingFactory.Refused).Status));
    }
}
