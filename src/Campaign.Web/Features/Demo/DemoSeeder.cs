using System.Security.Cryptography;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Infrastructure.Time;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Demo;

/// <summary><c>--seed-demo</c>: a demo host, a staff account and a few public screenings. Development only.</summary>
internal static class DemoSeeder
{
    public const string Switch = "--seed-demo";
    public const string HostEmail = "host@demo.campaign.invalid";
    public const string StaffEmail = "staff@demo.campaign.invalid";

    /// <summary>True (and says why) outside Development: the demo creates accounts with known passwords.</summary>
    public static async Task<bool> RefusedAsync(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return false;
        }

        await Console.Error.WriteLineAsync($"--seed-demo is refused in the {environment.EnvironmentName} environment: it creates accounts with known passwords. Run it in Development only (the default of 'dotnet run').");
        return true;
    }

    public static async Task<int> RunFromCommandLineAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (await RefusedAsync(app.Environment))
        {
            return 2;
        }

        using var scope = app.Services.CreateScope();
        var result = await SeedAsync(scope.ServiceProvider, CancellationToken.None);
        Console.WriteLine(result);
        return 0;
    }

    public static async Task<string> SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var db = services.GetRequiredService<CampaignDbContext>();
        var clock = services.GetRequiredService<TimeProvider>();
        var campaign = services.GetRequiredService<IOptions<CampaignOptions>>().Value;
        var now = clock.GetUtcNow().UtcDateTime;

        if (await users.FindByEmailAsync(HostEmail) is not null)
        {
            return $"The demo data is already there. Demo host: {HostEmail} (password as printed when it was created).";
        }

        var hostPassword = NewPassword();
        var host = new ApplicationUser { UserName = HostEmail, Email = HostEmail, EmailConfirmed = true, DisplayName = "Demo Host", CreatedAtUtc = now };
        Check(await users.CreateAsync(host, hostPassword));
        host.Trust();
        Check(await users.UpdateAsync(host));

        var staffPassword = NewPassword();
        var staff = new ApplicationUser { UserName = StaffEmail, Email = StaffEmail, EmailConfirmed = true, DisplayName = "Demo Staff", CreatedAtUtc = now };
        Check(await users.CreateAsync(staff, staffPassword));
        Check(await users.ResetAuthenticatorKeyAsync(staff));
        Check(await users.SetTwoFactorEnabledAsync(staff, true));
        var staffKey = await users.GetAuthenticatorKeyAsync(staff);

        var places = new (string Title, string Zone, int Days, ScreeningPlace Place)[]
        {
            ("Community screening and discussion", "America/New_York", 10, ScreeningPlace.Venue("Riverside Library", "12 Main Street", "Albany", "NY", "12207", "US")),
            ("Parents' evening: I Am Jane Doe", "America/Los_Angeles", 14, ScreeningPlace.Venue("Lincoln Middle School", "400 Oak Avenue", "Sacramento", "CA", "95814", "US")),
            ("Screening with survivor advocates", "Europe/London", 20, ScreeningPlace.Venue("St Mary's Hall", "5 Church Lane", "Leeds", "England", "LS1 4AP", "GB")),
            ("Campus screening", "Australia/Sydney", 25, ScreeningPlace.Venue("Union Theatre", "1 University Road", "Sydney", "NSW", "2006", "AU")),
            ("Online watch party", "Asia/Kolkata", 30, ScreeningPlace.Online("https://meet.example.org/jane-doe-demo")),
        };
        foreach (var (title, zone, days, place) in places)
        {
            var localStart = DateTime.SpecifyKind(now.Date.AddDays(days).AddHours(19), DateTimeKind.Unspecified);
            var start = ZoneClock.ToUtc(localStart, zone).Utc!.Value;
            var screening = Screening.Create(host.Id, new ScreeningDetails
            {
                Title = title,
                Description = "Join us to watch I Am Jane Doe, followed by a conversation about keeping children safe online.",
                StartUtc = start,
                StartLocal = localStart,
                EndUtc = start.AddHours(2.5),
                TimeZoneId = zone,
                Place = place,
                Capacity = 40 + days,
                MaxPlusOnes = 2,
                AccessibilityNotes = "Step-free access. Captions on.",
                ContentNote = "The film describes the sexual exploitation of children. A counsellor will be present.",
                Visibility = ScreeningVisibility.Public,
            }, hostIsTrusted: true, now);
            db.Screenings.Add(screening);
        }

        await db.SaveChangesAsync(ct);

        var staffNote = campaign.IsStaffEmail(StaffEmail)
            ? "It is on Campaign:StaffEmails, so it opens the staff pages."
            : $"Add it to Campaign:StaffEmails to make it staff (appsettings.Development.json does).";
        return $"""
            Demo data created.
              Demo host : {HostEmail}
              Password  : {hostPassword}
              Staff     : {StaffEmail}
              Password  : {staffPassword}
              Two-factor: add this key to an authenticator app: {staffKey}
                          (otpauth://totp/I%20Am%20Jane%20Doe%20screenings:{StaffEmail}?secret={staffKey}&issuer=I%20Am%20Jane%20Doe%20screenings)
              {staffNote}
              {places.Length} public, approved screenings in America/New_York, America/Los_Angeles, Europe/London, Australia/Sydney and Asia/Kolkata.
            """;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private static string NewPassword()
    {
        const string words = "abcdefghijkmnpqrstuvwxyz23456789";
        return "demo-" + RandomNumberGenerator.GetString(words, 16);
    }
}
