using Campaign.Domain.Rsvps;
using Campaign.Web.Features.Guests;
using Campaign.Web.Mail;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>Reminders go once to each confirmed guest when the window opens (on SQLite, and on SQL Server when CAMPAIGN_TEST_SQLSERVER is set).</summary>
public sealed class ReminderTests : IDisposable
{
    private TestDatabase? _store;
    private CampaignFactory? _app;
    private DateTime _start;

    private CampaignFactory App => _app ?? throw new InvalidOperationException("Call On(database) first.");

    /// <summary>Starts the app on <paramref name="database"/>; every test calls it first.</summary>
    private void On(string database)
    {
        _store = TestDatabase.Create(database);
        // Reminders are sent outside any request, so their links need the configured address.
        _app = new(settings: _store.With(new Dictionary<string, string?> { ["Campaign:PublicBaseUrl"] = "https://screenings.example.org" }));
        var now = _app.Clock.GetUtcNow().UtcDateTime;
        _start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddDays(3);
    }

    public void Dispose()
    {
        _app?.Dispose();
        _store?.Dispose();
    }

    /// <summary>The moment reminders become due: Campaign:ReminderHoursBefore (24) before the start.</summary>
    private DateTime WindowOpens => _start.AddHours(-24);

    private ReminderJob Job => App.Services.GetRequiredService<ReminderJob>();

    private async Task<(WebSession Host, string Slug)> ScreeningAsync()
    {
        var host = await Flows.RegisterAsync(App, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Flows.ScreeningFields("Soon", startLocal: DateTime.SpecifyKind(_start, DateTimeKind.Unspecified), zone: "UTC"));
        return (host, slug);
    }

    private IReadOnlyList<MimeMessage> Reminders() => [.. App.Mails().Where(m => (m.Subject ?? "").StartsWith("Reminder:", StringComparison.Ordinal))];

    private void At(DateTime utc) => App.Clock.SetUtcNow(new DateTimeOffset(utc, TimeSpan.Zero));

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Each_confirmed_guest_is_reminded_once_when_the_window_opens(string database)
    {
        On(database);
        var (_, slug) = await ScreeningAsync();
        var bea = GuestData.Rsvp(App, slug, "Bea", "bea@example.org", party: 2);
        GuestData.Rsvp(App, slug, "Eve", "eve@example.org", status: RsvpStatus.Waitlisted);
        GuestData.Rsvp(App, slug, "Gus", "gus@example.org", status: RsvpStatus.Declined);
        GuestData.Rsvp(App, slug, "Hal", "hal@example.org", status: RsvpStatus.Cancelled);

        Assert.Equal(0, await Job.RunOnceAsync(CancellationToken.None));
        At(WindowOpens.AddMinutes(-1));
        Assert.Equal(0, await Job.RunOnceAsync(CancellationToken.None));
        Assert.Empty(Reminders());

        At(WindowOpens.AddMinutes(1));
        Assert.Equal(1, await Job.RunOnceAsync(CancellationToken.None));
        At(WindowOpens.AddMinutes(2));
        Assert.Equal(0, await Job.RunOnceAsync(CancellationToken.None));

        var reminder = Assert.Single(Reminders());
        Assert.Equal("bea@example.org", reminder.To.Mailboxes.Single().Address);
        Assert.Equal("Reminder: Soon", reminder.Subject);
        Assert.Contains("party of 2", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("12 Secret Street", reminder.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://screenings.example.org/rsvp/" + bea.ManageToken, reminder.TextBody, StringComparison.Ordinal);
        Assert.Equal(WindowOpens.AddMinutes(1), App.WithDb(db => db.Rsvps.Single(r => r.Id == bea.Id).ReminderSentAtUtc));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task A_guest_who_answers_after_the_window_opened_gets_no_reminder(string database)
    {
        On(database);
        var (_, slug) = await ScreeningAsync();
        GuestData.Rsvp(App, slug, "Early", "early@example.org");
        At(WindowOpens.AddHours(1));
        GuestData.Rsvp(App, slug, "Late", "late@example.org");

        Assert.Equal(1, await Job.RunOnceAsync(CancellationToken.None));
        At(WindowOpens.AddHours(2));
        Assert.Equal(0, await Job.RunOnceAsync(CancellationToken.None));

        Assert.Equal(["early@example.org"], Reminders().Select(m => m.To.Mailboxes.Single().Address));
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task A_cancelled_screening_sends_no_reminders(string database)
    {
        On(database);
        var (host, slug) = await ScreeningAsync();
        GuestData.Rsvp(App, slug, "Bea", "bea@example.org");
        var confirm = await host.GetAsync($"/s/{slug}/cancel");
        await host.PostAsync($"/s/{slug}/cancel", [new("Reason", "Illness.")], confirm.AntiforgeryToken);

        At(WindowOpens.AddMinutes(1));
        Assert.Equal(0, await Job.RunOnceAsync(CancellationToken.None));

        Assert.Empty(Reminders());
        Assert.Single(App.MailsTo("bea@example.org"), m => m.Subject == "Cancelled: Soon");
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [SqlServerData]
    public async Task Two_runs_at_once_send_each_reminder_once(string database)
    {
        On(database);
        var (_, slug) = await ScreeningAsync();
        var guests = Enumerable.Range(1, 8).Select(i => $"guest{i}@example.org").ToList();
        foreach (var guest in guests)
        {
            GuestData.Rsvp(App, slug, "Guest", guest);
        }

        At(WindowOpens.AddMinutes(1));
        var runs = await Task.WhenAll(Task.Run(() => Job.RunOnceAsync(CancellationToken.None)), Task.Run(() => Job.RunOnceAsync(CancellationToken.None)));

        Assert.Equal(guests.Count, runs.Sum());
        Assert.Equal(guests, Reminders().Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.Equal(guests.Count, App.WithDb(db => db.OutboxMessages.Count(m => m.Kind == MailKinds.Reminder)));
    }
}
