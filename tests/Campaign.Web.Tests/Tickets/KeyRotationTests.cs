using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Campaign.Infrastructure.Tickets;

namespace Campaign.Web.Tests;

/// <summary>
/// Ticket signing keys can be rotated (the command and the staff page) without voiding tickets, and a key that may have
/// leaked can be revoked: its upcoming tickets get new codes, mailed to their guests, and the old codes stop working.
/// </summary>
public sealed class KeyRotationTests
{
    private static Task<(HttpStatusCode Status, JsonElement Body)> ScanAsync(WebSession who, string slug, string code) =>
        who.JsonAsync(HttpMethod.Post, "/api/checkin", new { screening = slug, code, scanId = Guid.NewGuid().ToString("N") });

    private static async Task<List<int>> KeyIdsAsync(WebSession who, string slug)
    {
        var (status, body) = await who.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/keys");
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetInt32())];
    }

    /// <summary>The QR codes (decoded by zbarimg) in the newest mail to the address.</summary>
    private static List<string> NewestCodes(CampaignFactory app, string address) => TicketTests.CodesIn(app.MailsTo(address)[^1]);

    [Fact]
    public async Task After_the_rotate_command_every_instance_signs_with_the_new_key_within_a_minute_and_old_and_new_tickets_are_admitted()
    {
        var folder = Path.Combine(Path.GetTempPath(), "campaign-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, "shared.db");
        var connection = $"Data Source={database};Default Timeout=30";
        try
        {
            using var first = new CampaignFactory(settings: new Dictionary<string, string?> { ["ConnectionStrings:Campaign"] = connection });
            var host = await Flows.RegisterAsync(first, "host@example.org");
            var slug = await Flows.CreateScreeningAsync(host);
            using var second = new CampaignFactory(settings: new Dictionary<string, string?>
            {
                ["ConnectionStrings:Campaign"] = connection,
                ["Campaign:DataDirectory"] = first.DataDirectory,
            });

            // Both instances have read key 1 (an answer through each). Each delivers its own mail (their clocks differ) into one folder.
            await RsvpFlows.AnswerAsync(first, slug, "Ana", "ana@example.org");
            var bo = await RsvpFlows.AnswerAsync(second, slug, "Bo", "bo@example.org");
            Assert.True(bo.Status.IsRedirect(), bo.Text);
            second.DeliverMail();
            var ana = Assert.Single(NewestCodes(first, "ana@example.org"));
            Assert.Equal(1, TicketCode.KeyIdOf(ana));
            Assert.Equal(1, TicketCode.KeyIdOf(Assert.Single(NewestCodes(first, "bo@example.org"))));

            // The command runs against the same database and exits without serving anything.
            var (exit, output) = await RunCommandAsync(connection, first.DataDirectory);
            Assert.True(exit == 0, output);
            Assert.Contains("Ticket signing key 2 created", output, StringComparison.Ordinal);

            // Within the minute an instance may still sign with the key it read; after it, every instance signs with key 2
            // (the clock moves, nobody sleeps and nothing restarts).
            first.Clock.Advance(TimeSpan.FromSeconds(61));
            second.Clock.Advance(TimeSpan.FromSeconds(61));
            await RsvpFlows.AnswerAsync(first, slug, "Cy", "cy@example.org");
            await RsvpFlows.AnswerAsync(second, slug, "Di", "di@example.org");
            var cy = Assert.Single(NewestCodes(first, "cy@example.org"));
            second.DeliverMail();
            var di = Assert.Single(NewestCodes(first, "di@example.org"));
            Assert.Equal(2, TicketCode.KeyIdOf(cy));
            Assert.Equal(2, TicketCode.KeyIdOf(di));

            // Old and new tickets are admitted, on either instance; the door gets both public keys.
            var hostOnSecond = await Flows.LoginAsync(second, "host@example.org");
            Assert.Equal("admitted", (await ScanAsync(host, slug, ana)).Body.GetProperty("outcome").GetString());
            Assert.Equal("admitted", (await ScanAsync(hostOnSecond, slug, cy)).Body.GetProperty("outcome").GetString());
            Assert.Equal("admitted", (await ScanAsync(host, slug, di)).Body.GetProperty("outcome").GetString());
            Assert.Equal([2, 1], await KeyIdsAsync(host, slug));
            var (_, package) = await host.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/package");
            Assert.Equal([2, 1], package.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetInt32()));

            // A screening made after the rotation has no ticket under key 1: its door is given key 2 only.
            var later = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Later screening"));
            Assert.Equal([2], await KeyIdsAsync(host, later));
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned by the OS later.
            }
        }
    }

    [Fact]
    public async Task Revoking_a_key_gives_its_upcoming_tickets_new_codes_mails_them_and_old_codes_stop_working()
    {
        using var app = new CampaignFactory();
        var host = await Flows.RegisterAsync(app, "host@example.org");
        var nowInNewYork = TimeZoneInfo.ConvertTimeBySystemTimeZoneId(app.Clock.GetUtcNow().UtcDateTime, "America/New_York");
        var soon = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Soon", startLocal: nowInNewYork.Date.AddDays(2).AddHours(19)));
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields(title: "Later", startLocal: nowInNewYork.Date.AddDays(20).AddHours(19)));
        await RsvpFlows.AnswerAsync(app, slug, "Ana", "ana@example.org", 2, true, "Bo");
        await RsvpFlows.AnswerAsync(app, soon, "Eli", "eli@example.org");
        var old = NewestCodes(app, "ana@example.org");
        Assert.Equal(2, old.Count);
        var (_, before) = await host.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/package");
        Assert.Equal("admitted", (await ScanAsync(host, slug, old[1])).Body.GetProperty("outcome").GetString());

        // Staff rotate through the page's confirm step.
        var staff = await Flows.StaffAsync(app);
        var keys = await staff.GetAsync("/staff/keys");
        Assert.Contains("signs new tickets", keys.Text, StringComparison.Ordinal);
        var confirm = await staff.GetAsync("/staff/keys/rotate");
        Assert.Contains("Key 2 is created", confirm.Text, StringComparison.Ordinal);
        var rotated = await staff.PostAsync("/staff/keys/rotate", [], confirm.AntiforgeryToken);
        Assert.Equal("/staff/keys", rotated.Location);
        Assert.Contains("Key 2 now signs new tickets", (await staff.GetAsync("/staff/keys")).Text, StringComparison.Ordinal);

        // The key that signs cannot be revoked, nor the old one while the new key is under a minute old.
        Assert.Contains("signs new tickets now", (await staff.GetAsync("/staff/keys/2/revoke")).Text, StringComparison.Ordinal);
        var tooSoon = await staff.GetAsync("/staff/keys/1/revoke");
        Assert.Contains("less than a minute old", tooSoon.Text, StringComparison.Ordinal);
        var refused = await staff.PostAsync("/staff/keys/1/revoke", [], tooSoon.AntiforgeryToken);
        Assert.Contains("less than a minute old", (await staff.GetAsync(refused.Location!)).Text, StringComparison.Ordinal);
        Assert.Equal(old, NewestCodes(app, "ana@example.org"));

        // The screening "Soon" is over by now: its ticket is not re-issued (nor is anyone mailed about it).
        app.Clock.Advance(TimeSpan.FromDays(3));
        var ask = await staff.GetAsync("/staff/keys/1/revoke");
        Assert.Contains("2 ticket(s) for screenings not over yet get new codes", ask.Text, StringComparison.Ordinal);
        var mailsBefore = app.MailsTo("eli@example.org").Count;
        var revoked = await staff.PostAsync("/staff/keys/1/revoke", [], ask.AntiforgeryToken);
        Assert.Equal("/staff/keys", revoked.Location);
        Assert.Contains("Key 1 is revoked: 2 ticket(s) have new codes and 1 guest(s) were mailed them.", (await staff.GetAsync("/staff/keys")).Text, StringComparison.Ordinal);
        Assert.Equal(mailsBefore, app.MailsTo("eli@example.org").Count);

        // Ana's mail carries the new tickets (read by zbarimg), signed with key 2; the old codes no longer admit.
        var mail = app.MailsTo("ana@example.org")[^1];
        Assert.Contains("have new codes", mail.TextBody, StringComparison.Ordinal);
        var fresh = TicketTests.CodesIn(mail);
        Assert.Equal(2, fresh.Count);
        Assert.All(fresh, c => Assert.Equal(2, TicketCode.KeyIdOf(c)));
        Assert.Empty(fresh.Intersect(old));
        foreach (var code in old)
        {
            Assert.Equal("invalid", (await ScanAsync(host, slug, code)).Body.GetProperty("outcome").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(app).GetAsync("/t/" + code)).Status);
        }

        // Bo was already in: his new ticket says so; Ana's new ticket admits her.
        Assert.Equal("admitted", (await ScanAsync(host, slug, fresh[0])).Body.GetProperty("outcome").GetString());
        Assert.Equal("already_checked_in", (await ScanAsync(host, slug, fresh[1])).Body.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.OK, (await new WebSession(app).GetAsync("/t/" + fresh[0])).Status);

        // Offline doors: a new revision, key 1 gone from the package, and the old nonces among the revoked ones.
        var (_, after) = await host.JsonAsync(HttpMethod.Get, $"/api/checkin/{slug}/package");
        Assert.NotEqual(before.GetProperty("revision").GetString(), after.GetProperty("revision").GetString());
        Assert.Equal([2], after.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetInt32()));
        var revokedNonces = after.GetProperty("revoked").EnumerateArray().Select(n => n.GetString()).ToList();
        foreach (var code in old)
        {
            Assert.Contains(TicketCode.Parse(code)!.Value.Payload.NonceText, revokedNonces);
        }

        Assert.Contains("revoked", (await staff.GetAsync("/staff/keys")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticket_key_pages_are_for_staff_only()
    {
        using var app = new CampaignFactory();
        var host = await Flows.RegisterAsync(app, "host@example.org");
        Assert.NotEqual(HttpStatusCode.OK, (await host.GetAsync("/staff/keys")).Status);
        Assert.NotEqual(HttpStatusCode.OK, (await new WebSession(app).GetAsync("/staff/keys/rotate")).Status);
        var staff = await Flows.StaffAsync(app);
        var confirm = await staff.GetAsync("/staff/keys/rotate");
        // Without the antiforgery token the rotation is refused and nothing changes.
        var forged = await staff.PostAsync("/staff/keys/rotate", [], token: null);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(1, app.WithDb(db => db.TicketSigningKeys.Count()));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/staff/keys/9/revoke")).Status);
        Assert.NotNull(confirm.AntiforgeryToken);
    }

    /// <summary>Runs <c>Campaign.Web rotate-ticket-keys</c> as its own process, as <c>dotnet run -- rotate-ticket-keys</c> would.</summary>
    private static async Task<(int Exit, string Output)> RunCommandAsync(string connection, string dataDirectory)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Campaign.Web.dll"), "rotate-ticket-keys",
            $"--ConnectionStrings:Campaign={connection}", $"--Campaign:DataDirectory={dataDirectory}",
            "--Campaign:PublicBaseUrl=https://screenings.example.org", "--Mail:Mode=Pickup",
            $"--DataProtection:CertificatePath={TestCertificate.Path}", $"--DataProtection:CertificatePassword={TestCertificate.Password}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        var text = await output + "\n" + await error;
        return (process.ExitCode, text);
    }
}
