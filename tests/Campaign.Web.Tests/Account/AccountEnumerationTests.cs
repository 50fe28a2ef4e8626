using System.Diagnostics;
using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace Campaign.Web.Tests;

[Collection(TimedTests.Name)]
public sealed class AccountEnumerationTests(ITestOutputHelper output) : IDisposable
{
    private const string NotRight = "The e-mail address or password is not right.";

    private readonly CampaignFactory _app = new();

    public void Dispose() => _app.Dispose();

    private static Task<WebSession.Page> LogInAsync(WebSession session, string email, string password) =>
        session.SubmitAsync("/account/login", "/account/login", ("Email", email), ("Password", password));

    [Fact]
    public async Task Login_says_the_same_words_for_an_unknown_address_a_wrong_password_and_a_locked_account()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        var visitor = new WebSession(_app);

        var unknown = await LogInAsync(visitor, "nobody@example.org", "wrong password here");
        Assert.Equal(HttpStatusCode.OK, unknown.Status);
        Assert.Contains(NotRight, unknown.Text, StringComparison.Ordinal);

        // The fifth wrong password locks the account; the sixth, and even the right one, read the same as a stranger's.
        for (var i = 0; i < 6; i++)
        {
            var wrong = await LogInAsync(visitor, "ana@example.org", "wrong password here");
            Assert.Equal(unknown.Status, wrong.Status);
            Assert.Equal(unknown.Text, wrong.Text);
        }

        var right = await LogInAsync(visitor, "ana@example.org", Flows.Password);
        Assert.Equal(unknown.Text, right.Text);
        Assert.Null(right.Location);
    }

    [Fact]
    public async Task The_owner_of_a_locked_account_is_mailed_once_with_a_reset_link_that_ends_the_lock()
    {
        await Flows.RegisterAsync(_app, "ana@example.org");
        var attacker = new WebSession(_app);
        for (var i = 0; i < 8; i++)
        {
            await LogInAsync(attacker, "ana@example.org", "wrong password " + i);
        }

        var locked = Assert.Single(_app.MailsTo("ana@example.org"), m => m.Subject == "Your account is locked for 15 minutes");
        Assert.Contains("locked for 15 minutes", locked.TextBody, StringComparison.Ordinal);

        var owner = new WebSession(_app);
        var link = _app.LinkInMail("ana@example.org", "/account/reset-password");
        var form = await owner.GetAsync(link);
        var done = await Flows.ResetPasswordAsync(owner, link, form, "a brand new passphrase");
        Assert.Equal("/account/login", done.Location);
        await Flows.LoginAsync(_app, "ana@example.org", "a brand new passphrase");
    }

    /// <summary>
    /// The measure: over 24 tries each, the medians for a known and an unknown address differ by under 20 % or
    /// 10 ms. Timed in-process around each post (the only timed assertion in the suite, asked for by the issue; warmed
    /// up first, interleaved so machine noise falls on both sides, medians). Figures: docs/performance.md.
    /// </summary>
    [Fact]
    public async Task Login_and_registration_take_as_long_for_a_known_address_as_for_an_unknown_one()
    {
        const int tries = 24;
        var known = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            known.Add($"host{i}@example.org");
            await Flows.RegisterAsync(_app, known[^1], confirm: false);
        }

        await Flows.RegisterAsync(_app, "locked@example.org", confirm: false);
        var session = new WebSession(_app);
        var loginToken = (await session.GetAsync("/account/login")).AntiforgeryToken;
        var registerToken = (await session.GetAsync("/account/register")).AntiforgeryToken;

        async Task<double> TimeAsync(string action, params (string Key, string Value)[] fields)
        {
            var token = action == "/account/login" ? loginToken : registerToken;
            var watch = Stopwatch.StartNew();
            var page = await session.PostAsync(action, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), token);
            watch.Stop();
            Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{action} answered {(int)page.Status}");
            return watch.Elapsed.TotalMilliseconds;
        }

        Task<double> Login(string email) => TimeAsync("/account/login", ("Email", email), ("Password", "wrong password here"));
        Task<double> Register(string email) => TimeAsync("/account/register",
            ("DisplayName", "Someone"), ("Email", email), ("Password", Flows.Password), ("ConfirmPassword", Flows.Password));

        for (var i = 0; i < 5; i++)
        {
            // Warm-up; the fifth wrong password also locks locked@example.org for the "locked" series.
            await Login("warm" + i + "@example.org");
            await Login("locked@example.org");
            await Register("warm" + i + "@example.org");
            await Register("host0@example.org");
        }

        // A real gap shows in every round; a burst of load from other processes on the two cores rarely lasts three.
        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            _app.WithDb(db =>
            {
                foreach (var user in db.Users.Where(u => u.Email!.StartsWith("host")))
                {
                    user.AccessFailedCount = 0;
                }

                return db.SaveChanges();
            });
            List<double> knownLogin = [], lockedLogin = [], unknownLogin = [], knownRegister = [], newRegister = [];
            for (var i = 0; i < tries; i++)
            {
                // Each known account gets at most 4 wrong passwords a round: wrong, not locked (the locked series is its own).
                // The order alternates so neither side always runs first.
                var knownFirst = i % 2 == 0;
                var n = (round * tries) + i;
                if (knownFirst)
                {
                    knownLogin.Add(await Login(known[n % known.Count]));
                }

                unknownLogin.Add(await Login($"nobody{n}@example.org"));
                if (!knownFirst)
                {
                    knownLogin.Add(await Login(known[n % known.Count]));
                }

                lockedLogin.Add(await Login("locked@example.org"));
                if (knownFirst)
                {
                    knownRegister.Add(await Register(known[n % known.Count]));
                }

                newRegister.Add(await Register($"new{n}@example.org"));
                if (!knownFirst)
                {
                    knownRegister.Add(await Register(known[n % known.Count]));
                }
            }

            var figures = new[]
            {
                Compare("login, known address (wrong password)", Median(knownLogin), Median(unknownLogin)),
                Compare("login, locked account", Median(lockedLogin), Median(unknownLogin)),
                Compare("registration, taken address", Median(knownRegister), Median(newRegister)),
            };
            rounds.Add($"round {round + 1}: " + string.Join("; ", figures.Select(f => f.Text)));
            output.WriteLine(rounds[^1]);
            if (figures.All(f => f.Close))
            {
                return;
            }
        }

        Assert.Fail("Known and unknown addresses took measurably different times in every round:\n" + string.Join("\n", rounds));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Close: under 20 % of the faster median apart, or under 10 ms.</summary>
    private static (bool Close, string Text) Compare(string what, double known, double unknown)
    {
        var difference = Math.Abs(known - unknown);
        var allowed = Math.Max(10, 0.2 * Math.Min(known, unknown));
        return (difference < allowed, string.Create(CultureInfo.InvariantCulture,
            $"{what}: median {known:F1} ms against {unknown:F1} ms unknown, {difference:F1} ms apart (allowed {allowed:F1})"));
    }
}

/// <summary>Timed tests run alone, after the parallel ones, so the rest of the suite does not skew their figures.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedTests
{
    public const string Name = "Timing";
}
