using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Campaign.Browser.Tests;

/// <summary>
/// A guest on a phone (390 px): from the invitation mail to "You're going" and the ticket, the manage page, cancelling
/// with its confirm step, and coming back with the very ticket code of the first mail.
/// </summary>
[Collection(BrowserCollectionDefinition.Name)]
public sealed partial class GuestJourneyTests(BrowserFixture fixture)
{
    private static readonly BrowserNewContextOptions Phone = new()
    {
        // A 390 px wide phone screen. (Not IsMobile: with a page wider than the screen, which the layout work of issue 14
        // item 1 fixes, a mobile viewport zooms out and taps land on the wrong element.)
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
    };

    [BrowserFact]
    public async Task A_guest_goes_from_the_invitation_mail_to_the_ticket_cancels_after_a_confirm_step_and_comes_back_with_the_same_code()
    {
        // The host sets up a screening and invites the guest.
        await using var hostSession = await fixture.NewSessionAsync();
        var host = hostSession.Page;
        await HostJourney.RegisterAndConfirmAsync(host, fixture.App.Origin, "Hana Host");
        const string title = "Evening screening at Riverside Hall";
        await HostJourney.CreateScreeningAsync(host, title);
        var slug = new Uri(host.Url).AbsolutePath["/s/".Length..];
        var guestEmail = $"guest-{Guid.NewGuid():N}@example.test";
        await host.GotoAsync($"/s/{slug}/invite");
        await host.GetByLabel("E-mail addresses").FillAsync(guestEmail);
        await host.GetByRole(AriaRole.Button, new() { Name = "Send invitations" }).ClickAsync();

        await using var session = await fixture.NewSessionAsync(Phone);
        var page = session.Page;

        // 1. The invitation mail, opened as the guest would (the dev mail viewer), and its link followed.
        var invitation = await OpenMailAsync(page, guestEmail, "invites you");
        var inviteLink = InviteLink().Match(invitation);
        Assert.True(inviteLink.Success, "No invitation link in the mail:\n" + invitation);
        await page.GotoAsync(inviteLink.Value);
        await Expect(page.Locator("#screening-title")).ToHaveTextAsync(title);

        // 2. The RSVP form: the address is already filled in from the invitation.
        var form = page.Locator("#rsvp form");
        await Expect(form.Locator("input[name='Email']")).ToHaveValueAsync(guestEmail);
        await form.Locator("input[name='Name']").FillAsync("Gina Guest");
        await form.Locator("input[name='Consent'][type='checkbox']").CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Send my answer" }).ClickAsync();

        // 3. At once: where they stand, their ticket, add-to-calendar.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're going", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/rsvp/[A-Za-z0-9_-]+$"));
        var managePath = new Uri(page.Url).AbsolutePath;
        await Expect(page.Locator("#add-to-calendar")).ToBeVisibleAsync();
        await Expect(page.Locator("#rsvp-place")).ToContainTextAsync("12 Water Street");
        await Expect(page.Locator("#rsvp-place")).ToContainTextAsync("Albany, NY 12207");
        var ticketLink = page.Locator("#rsvp-tickets").GetByRole(AriaRole.Link, new() { Name = "Ticket: Gina Guest" });
        await Expect(ticketLink).ToBeVisibleAsync();
        await AssertFitsAsync(ticketLink);

        // The confirmation mail carries the same ticket.
        var confirmation = await OpenMailAsync(page, guestEmail, "You're confirmed");
        var firstCode = TicketCode().Match(confirmation).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(firstCode), "No ticket link in the confirmation mail:\n" + confirmation);

        // 4. The ticket, one tap from the manage page.
        await page.GotoAsync(managePath);
        await Expect(page.Locator("#rsvp-tickets a.ticket-link")).ToHaveAttributeAsync("href", "/t/" + firstCode);
        await page.Locator("#rsvp-tickets").GetByRole(AriaRole.Link, new() { Name = "Ticket: Gina Guest" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gina Guest", Level = 1 })).ToBeVisibleAsync();
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "Ticket QR code for Gina Guest" });
        await Expect(qr).ToBeVisibleAsync();
        Assert.True(await qr.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "The QR image did not load.");
        await AssertFitsAsync(qr);
        await Expect(page.Locator("#ticket-short-code")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Download the ticket (PDF)" })).ToBeVisibleAsync();

        // 5. Cancel: a confirm step that says what happens, then the manage page offers "Coming after all?".
        await page.GotoAsync(managePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel my RSVP" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cancel your RSVP?", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#consequence")).ToContainTextAsync("your ticket stops admitting anyone");
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, cancel my RSVP" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your RSVP is cancelled", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#add-to-calendar")).ToHaveCountAsync(0);
        await Expect(page.Locator("#rsvp-tickets")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("12 Water Street");

        // The ticket page now says so first, with no QR code.
        await page.GotoAsync("/t/" + firstCode);
        await Expect(page.Locator("#ticket-void")).ToContainTextAsync("This ticket is cancelled");
        await Expect(page.Locator(".ticket-qr")).ToHaveCountAsync(0);
        await Expect(page.Locator("main")).Not.ToContainTextAsync("12 Water Street");

        // 6. Coming after all: confirmed again, with the first mail's ticket code.
        await page.GotoAsync(managePath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Coming after all?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, I'll come" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You're going", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#rsvp-tickets a.ticket-link")).ToHaveAttributeAsync("href", "/t/" + firstCode);
        await page.Locator("#rsvp-tickets a.ticket-link").ClickAsync();
        await Expect(page.Locator("#ticket-void")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Ticket QR code for Gina Guest" })).ToBeVisibleAsync();

        Assert.Empty(session.Dialogs);
        session.AssertOnlyOwnOriginWasContacted();
    }

    /// <summary>The newest mail to <paramref name="to"/> whose subject contains <paramref name="subject"/>, as plain text (waits for the outbox).</summary>
    private static async Task<string> OpenMailAsync(IPage page, string to, string subject)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.GotoAsync("/mail");
            var row = page.Locator("#mail-list tbody tr").Filter(new() { HasText = to }).Filter(new() { HasText = subject });
            if (await row.CountAsync() > 0)
            {
                // The dev mail viewer's table is wider than a phone (issue 14 item 1, not this test's subject): open the
                // message by its address rather than by a tap that another cell may cover.
                await page.GotoAsync(await row.First.GetByRole(AriaRole.Link).First.GetAttributeAsync("href") ?? "/mail");
                await Expect(page.Locator("#mail-to")).ToContainTextAsync(to);
                return await page.Locator("#mail-text").TextContentAsync() ?? "";
            }

            Assert.True(attempt < 30, $"No mail to {to} about \"{subject}\" arrived.");
            await Task.Delay(500);
        }
    }

    /// <summary>Nothing of the element sticks out of a 390 px screen.</summary>
    private static async Task AssertFitsAsync(ILocator element)
    {
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= 390.5, $"The element spans {box.X}..{box.X + box.Width} px on a 390 px screen.");
    }

    [GeneratedRegex(@"https?://\S+/i/[A-Za-z0-9_-]+(?=\s|$)")]
    private static partial Regex InviteLink();

    [GeneratedRegex(@"https?://\S+/t/([A-Z2-7]+)")]
    private static partial Regex TicketCode();
}
