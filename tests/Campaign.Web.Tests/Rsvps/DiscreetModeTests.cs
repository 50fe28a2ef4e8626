using System.Net;
using System.Text.RegularExpressions;
using Campaign.Web.Features.Guests;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Campaign.Web.Tests;

/// <summary>
/// Discreet mode (issue 16, decisions/0023): everything a discreet guest receives or opens — mails, calendar files,
/// invitations and feeds, pages, the PDF — is read back and searched for the film's name and subject.
/// </summary>
public sealed partial class DiscreetModeTests : IDisposable
{
    private const string ContentNote = "Scenes describe the online sale of children.";

    private readonly CampaignFactory _app = new(settings: new Dictionary<string, string?> { ["Campaign:PublicBaseUrl"] = "https://screenings.example.org" });

    public void Dispose() => _app.Dispose();

    /// <summary>The issue's word list, plus the screening's own title and content note; "sex" as the start of a word.</summary>
    private static readonly Regex[] Words =
    [
        new("I Am Jane Doe", RegexOptions.IgnoreCase),
        new("Jane Doe", RegexOptions.IgnoreCase),
        new("traffick", RegexOptions.IgnoreCase),
        new(@"\bsex", RegexOptions.IgnoreCase),
        new("Backpage", RegexOptions.IgnoreCase),
        new("abuse", RegexOptions.IgnoreCase),
        new("exploit", RegexOptions.IgnoreCase),
        new("survivor", RegexOptions.IgnoreCase),
        new(Regex.Escape(ContentNote), RegexOptions.IgnoreCase),
        new(Regex.Escape("Jane Doe night"), RegexOptions.IgnoreCase),
    ];

    private static void AssertNeutral(string where, string? text)
    {
        // Also as a reader of links sees it: Google/Outlook template links and other URLs carry the words percent-encoded.
        var read = (text ?? "") + "\n" + WebUtility.HtmlDecode(Uri.UnescapeDataString((text ?? "").Replace('+', ' ')));
        foreach (var word in Words)
        {
            var found = word.Match(read);
            Assert.False(found.Success, $"{where} contains “{found.Value}”:\n{text}");
        }
    }

    /// <summary>What a mail shows anyone who sees it: sender name, subject, both bodies, every part and file name.</summary>
    private static void AssertNeutral(MimeMessage mail)
    {
        var where = "Mail “" + mail.Subject + "”";
        AssertNeutral(where + " (From)", mail.From.ToString());
        AssertNeutral(where + " (Subject)", mail.Subject);
        AssertNeutral(where + " (text)", mail.TextBody);
        AssertNeutral(where + " (HTML)", mail.HtmlBody);
        foreach (var part in mail.BodyParts.OfType<MimePart>())
        {
            AssertNeutral(where + " (file name)", part.FileName ?? part.ContentType.Name);
            if (part is TextPart text)
            {
                AssertNeutral(where + " (" + part.ContentType.MimeType + ")", text.Text);
            }
        }
    }

    private Dictionary<string, string> Fields(bool discreet = false, string? neutralTitle = null, int hoursEarlier = 0)
    {
        // Three days ahead (whole minutes), so the reminder is due without moving the clock far.
        var now = _app.Clock.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddDays(3).AddHours(-hoursEarlier);
        var fields = Flows.ScreeningFields("I Am Jane Doe night at the library");
        fields["StartLocal"] = RsvpFlows.NewYorkLocal(start);
        fields["EndLocal"] = RsvpFlows.NewYorkLocal(start.AddHours(2));
        fields["Description"] = "We watch the film about Backpage and child sex trafficking, then talk with a survivor.";
        fields["ContentNote"] = ContentNote;
        fields["Discreet"] = discreet ? "true" : "false";
        fields["NeutralTitle"] = neutralTitle ?? "";
        return fields;
    }

    private async Task<string> TextAsync(string path)
    {
        var response = await _app.Browser().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The personal link (manage or invitation) in the newest mail, not its "/help" page.</summary>
    private string Personal(string email, string prefix)
    {
        var link = _app.LinkInMail(email, prefix);
        return Regex.Match(link, "^" + Regex.Escape(prefix) + "[^/?]+").Value;
    }

    private static string Head(string html) => html[..html.IndexOf("</head>", StringComparison.Ordinal)];

    private static string Title(string html) => WebUtility.HtmlDecode(TitleTag().Match(html).Groups[1].Value);

    [Fact]
    public async Task A_discreet_guest_finds_no_word_of_the_film_in_any_mail_calendar_file_feed_page_or_pdf()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields());
        var answer = await new WebSession(_app).SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp",
            [.. RsvpFlows.Fields("Bea", "bea@example.org", party: 2), new("Discreet", "true")]);
        // A guest who did not choose it: the same mail names the film (so the search below can fail).
        await RsvpFlows.AnswerAsync(_app, slug, "Cy", "cy@example.org");
        var checkEmail = await new WebSession(_app).GetAsync(answer.Location!);
        var manage = Personal("bea@example.org", "/rsvp/");

        // The host moves it (a change mail with a REQUEST), and the reminder goes out.
        await GuestData.EditAsync(host, slug, Fields(hoursEarlier: 1));
        _app.Clock.SetUtcNow(new DateTimeOffset(GuestData.Screening(_app, slug).StartUtc.AddHours(-23), TimeSpan.Zero));
        Assert.True(await _app.Services.GetRequiredService<ReminderJob>().RunOnceAsync(CancellationToken.None) >= 1);

        var session = new WebSession(_app);
        var managePage = await session.GetAsync(manage);
        await session.PostAsync(manage + "/calendar-feed", [], managePage.AntiforgeryToken);
        managePage = await session.GetAsync(manage);
        var feed = new Uri(GuestFeedUrl().Match(managePage.Html).Groups[1].Value).AbsolutePath;
        var ticket = TicketLink().Matches(managePage.Html).Select(m => m.Groups[1].Value).First();
        var pdf = (await session.DownloadAsync(manage + "/tickets.pdf")).Body;
        var onePdf = (await session.DownloadAsync(ticket + "/ticket.pdf")).Body;

        var mails = _app.MailsTo("bea@example.org");
        Assert.Contains(mails, m => m.Subject!.StartsWith("You're confirmed: Film night", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject!.StartsWith("New time: Film night", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject!.StartsWith("Reminder: Film night", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Equal("Film night", m.From.Mailboxes.Single().Name));
        foreach (var mail in mails)
        {
            AssertNeutral(mail);
            Assert.DoesNotContain(slug, mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
            Assert.Contains("If you need support", mail.TextBody, StringComparison.Ordinal);
        }

        var control = _app.MailsTo("cy@example.org")[0];
        Assert.Contains("Jane Doe", control.From.ToString() + control.Subject, StringComparison.Ordinal);
        Assert.Contains(ContentNote, control.TextBody, StringComparison.Ordinal);

        var ics = await TextAsync(manage + "/calendar.ics");
        var feedText = await TextAsync(feed);
        foreach (var (where, text) in new[] { ("calendar file", ics), ("feed", feedText) })
        {
            AssertNeutral(where, text);
            Assert.DoesNotContain(slug, text, StringComparison.Ordinal);
            Assert.Equal("Film night", IcalJs.Parse(text).Only().Summary);
        }

        var help = await TextAsync(manage + "/help");
        Assert.Contains(ContentNote, help, StringComparison.Ordinal);
        Assert.Equal("If you need support", Title(help));

        foreach (var (where, html) in new[]
        {
            ("check-email page", checkEmail.Html),
            ("manage page", managePage.Html),
            ("cancel confirm page", (await session.GetAsync(manage + "/cancel")).Html),
            ("ticket page", (await session.GetAsync(ticket)).Html),
            ("this-wasn't-me page", (await session.GetAsync(manage + "/not-me")).Html),
        })
        {
            AssertNeutral(where, html);
            Assert.Contains("If you need support", html, StringComparison.Ordinal);
        }

        Assert.Contains($"href=\"{manage}/help\"", managePage.Html, StringComparison.Ordinal);

        Assert.Equal("Your RSVP", Title(managePage.Html));
        Assert.Contains("calendar.google.com", managePage.Html, StringComparison.Ordinal);
        Assert.Contains("text=Film%20night", WebUtility.HtmlDecode(managePage.Html), StringComparison.Ordinal);
        foreach (var file in new[] { pdf, onePdf })
        {
            AssertNeutral("PDF", string.Join("\n", PdfTools.PagesText(file)) + PdfTools.Info(file));
            Assert.Contains("Film night", string.Join("\n", PdfTools.PagesText(file)), StringComparison.Ordinal);
        }

        // Last, as it cancels the RSVP: the page after "this wasn't me" is as neutral as the rest.
        var notMe = await session.GetAsync(manage + "/not-me");
        var done = await session.PostAsync(manage + "/not-me", [], notMe.AntiforgeryToken);
        Assert.Contains("The RSVP is cancelled", done.Text, StringComparison.Ordinal);
        AssertNeutral("page after this-wasn't-me", done.Html);
    }

    [Fact]
    public async Task A_discreet_screening_has_a_random_slug_and_its_invitation_page_form_and_file_are_neutral()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields(discreet: true, neutralTitle: "Book club"));
        await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", "Dee <dee@example.org>"), ("Message", "")));
        var invitation = Assert.Single(_app.MailsTo("dee@example.org"));
        var visitor = new WebSession(_app);
        var page = await visitor.FollowAsync(await visitor.GetAsync(Personal("dee@example.org", "/i/")));
        var bad = await new WebSession(_app).SubmitAsync("/s/" + slug, $"/s/{slug}/rsvp", RsvpFlows.Fields("", "not-an-address"));

        Assert.Matches("^[a-z2-9]{16}$", slug);
        AssertNeutral(invitation);
        Assert.Equal("Ana Host invites you to “Book club”", invitation.Subject);
        Assert.Equal("Book club", invitation.From.Mailboxes.Single().Name);
        Assert.Equal("Book club", IcalJs.Parse(((TextPart)invitation.BodyParts.OfType<MimePart>().First(p => p.ContentType.MimeType == "text/calendar")).Text).Only().Summary);
        AssertNeutral("screening page", page.Html);
        Assert.Equal("Book club", Title(page.Html));
        Assert.Contains("<meta property=\"og:title\" content=\"Book club\"", page.Html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/s/{slug}/help\"", page.Html, StringComparison.Ordinal);
        AssertNeutral("RSVP form with errors", bad.Html);
        Assert.Equal("Book club", Title(bad.Html));
        AssertNeutral("screening file", await TextAsync($"/s/{slug}/calendar.ics"));
        Assert.Contains(ContentNote, await TextAsync($"/s/{slug}/help"), StringComparison.Ordinal);
        // The host's own dashboard keeps the real title.
        Assert.Contains("I Am Jane Doe night at the library", (await host.GetAsync("/s/" + slug)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_marks_one_invitee_discreet_and_their_invitation_and_answer_are_neutral()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields());
        await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", "dee@example.org"), ("Message", ""), ("Discreet", "true")));
        await host.FollowAsync(await host.SubmitAsync($"/s/{slug}/invite", $"/s/{slug}/invite", ("Addresses", "eli@example.org"), ("Message", "")));
        var guest = new WebSession(_app);
        var invitePage = await guest.FollowAsync(await guest.GetAsync(Personal("dee@example.org", "/i/")));
        var token = InviteToken().Match(invitePage.Html).Groups[1].Value;
        var answered = await guest.PostAsync($"/s/{slug}/rsvp",
            [.. RsvpFlows.Fields("Dee", "dee@example.org"), new("InviteToken", token), new("Discreet", "true")], invitePage.AntiforgeryToken);

        Assert.StartsWith("/rsvp/", answered.Location, StringComparison.Ordinal);
        AssertNeutral("discreet invitation page", invitePage.Html);
        Assert.Equal("Film night", Title(invitePage.Html));
        Assert.All(_app.MailsTo("dee@example.org"), AssertNeutral);
        Assert.Equal(2, _app.MailsTo("dee@example.org").Count);
        Assert.Contains("Jane Doe", Assert.Single(_app.MailsTo("eli@example.org")).Subject, StringComparison.Ordinal);
        Assert.Contains(ContentNote, await TextAsync($"/i/{token}/help"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Turning_discreet_on_later_keeps_the_calendar_uid_and_the_old_link_redirects_also_after_off_and_on_again()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields());
        var uid = IcalJs.Parse(await TextAsync($"/s/{slug}/calendar.ics")).Only().Uid;

        var edit = await host.GetAsync($"/s/{slug}/edit");
        var fields = Fields(discreet: true);
        fields["Version"] = GuestData.Screening(_app, slug).Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var saved = await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);
        var discreet = _app.WithDb(db => db.Screenings.Single()).Slug;
        Assert.Equal("/s/" + discreet, saved.Location);
        var redirect = await new WebSession(_app).GetAsync($"/s/{slug}?invite=x");
        var fileRedirect = await new WebSession(_app).GetAsync($"/s/{slug}/calendar.ics");
        var entry = IcalJs.Parse(await TextAsync($"/s/{discreet}/calendar.ics")).Only();

        Assert.NotEqual(slug, discreet);
        Assert.Matches("^[a-z2-9]{16}$", discreet);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.Status);
        Assert.Equal($"/s/{discreet}?invite=x", redirect.Location);
        Assert.Equal($"/s/{discreet}/calendar.ics", fileRedirect.Location);
        Assert.Equal(uid, entry.Uid);
        Assert.Equal("Film night", entry.Summary);
        Assert.Equal("https://screenings.example.org/s/" + discreet, entry.Url);

        await GuestData.EditAsync(host, discreet, Fields(discreet: false));
        var off = IcalJs.Parse(await TextAsync($"/s/{discreet}/calendar.ics")).Only();
        await GuestData.EditAsync(host, discreet, Fields(discreet: true));
        var on = IcalJs.Parse(await TextAsync($"/s/{discreet}/calendar.ics")).Only();

        Assert.Equal(uid, off.Uid);
        Assert.Equal("I Am Jane Doe night at the library", off.Summary);
        Assert.Equal(uid, on.Uid);
        Assert.Equal("Film night", on.Summary);
        Assert.Equal(discreet, _app.WithDb(db => db.Screenings.Single()).Slug);
        Assert.Equal(HttpStatusCode.MovedPermanently, (await new WebSession(_app).GetAsync("/s/" + slug)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await new WebSession(_app).GetAsync("/s/no-such-slug-aaaaaaaaaaaaaaaa")).Status);
    }

    [Fact]
    public async Task A_dead_guest_link_names_nothing_of_the_film()
    {
        var visitor = new WebSession(_app);
        foreach (var path in new[] { "/rsvp/AAAAAAAAAAAAAAAAAAAAAAAA", "/rsvp/AAAAAAAAAAAAAAAAAAAAAAAA/not-me", "/t/AEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/i/AAAAAAAAAAAAAAAAAAAAAAAA" })
        {
            var page = await visitor.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            AssertNeutral(path, page.Html);
        }
    }

    [Fact]
    public async Task A_neutral_title_with_markup_or_line_breaks_is_cleaned_like_every_title()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields(discreet: true, neutralTitle: "<b>Book\r\nclub</b>\nBcc: eve@example.org"));
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.org");
        var mail = Assert.Single(_app.MailsTo("bea@example.org"));
        var page = await new WebSession(_app).GetAsync("/s/" + slug);
        var ics = await TextAsync($"/s/{slug}/calendar.ics");

        Assert.Equal("<b>Book club</b> Bcc: eve@example.org", _app.WithDb(db => db.Screenings.Single()).NeutralTitle);
        Assert.Equal("You're confirmed: <b>Book club</b> Bcc: eve@example.org", mail.Subject);
        Assert.Empty(mail.Bcc);
        Assert.Equal("<b>Book club</b> Bcc: eve@example.org", mail.From.Mailboxes.Single().Name);
        Assert.DoesNotContain("<b>Book", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;Book club&lt;/b&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Book", page.Html, StringComparison.Ordinal);
        Assert.Equal("<b>Book club</b> Bcc: eve@example.org", Title(page.Html));
        // The calendar writer drops anything shaped like a tag: markup never goes into a calendar file.
        Assert.Equal("Book club Bcc: eve@example.org", IcalJs.Parse(ics).Only().Summary);

        var tooLong = await host.SubmitAsync("/screenings/new", "/screenings/new", Fields(discreet: true, neutralTitle: new string('x', 61)));
        Assert.Contains("The neutral title can be at most 60 characters.", tooLong.Text, StringComparison.Ordinal);
        Assert.Equal(1, _app.WithDb(db => db.Screenings.Count()));
    }

    [Fact]
    public async Task A_guest_turning_discreet_on_gets_a_calendar_update_with_the_neutral_title_and_a_higher_sequence()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields());
        await RsvpFlows.AnswerAsync(_app, slug, "Bea", "bea@example.org");
        var manage = Personal("bea@example.org", "/rsvp/");
        var before = IcalJs.Parse(CalendarPart(Assert.Single(_app.MailsTo("bea@example.org")))).Only();
        var page = await new WebSession(_app).GetAsync(manage);

        var done = await RsvpFlows.ManageAsync(_app, manage, "discreet", ("discreet", "true"));
        var update = _app.MailsTo("bea@example.org")[^1];
        var after = IcalJs.Parse(CalendarPart(update));
        var shared = await new WebSession(_app).GetAsync(manage);

        Assert.Contains("Mails already sent cannot be changed", page.Text, StringComparison.Ordinal);
        Assert.Equal(manage, done.Location);
        Assert.Equal("REQUEST", after.Method);
        Assert.Equal(before.Uid, after.Only().Uid);
        Assert.Equal("Film night", after.Only().Summary);
        Assert.True(after.Only().Sequence > before.Sequence, $"SEQUENCE {after.Only().Sequence} after {before.Sequence}");
        AssertNeutral(update);
        Assert.Contains("Mails already sent cannot be changed", update.TextBody, StringComparison.Ordinal);
        // The manage link shared by mistake: its preview (title, meta tags) and the page say nothing of the subject.
        AssertNeutral("manage page head", Head(shared.Html));
        AssertNeutral("manage page", shared.Html);
        Assert.Contains("<meta name=\"description\" content=\"Your RSVP\"", shared.Html, StringComparison.Ordinal);
        Assert.Contains("Turn discreet mode off", shared.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_migration_gives_screenings_made_before_it_their_slug_as_calendar_uid()
    {
        var host = await Flows.RegisterAsync(_app, "ana@example.org");
        var slug = await Flows.CreateScreeningAsync(host, Fields());
        _app.WithDb(db =>
        {
            // Back to the schema before discreet mode (its columns dropped), then up again: the row is one made before it.
            var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db);
            migrator.Migrate("20261202004722_HostInvites");
            migrator.Migrate();
            return 0;
        });

        var screening = GuestData.Screening(_app, slug);
        Assert.Equal(slug, screening.CalendarUid);
        Assert.Equal("Film night", screening.NeutralTitle);
        Assert.False(screening.IsDiscreet);
        Assert.Equal(slug + "@campaign.invalid", IcalJs.Parse(await TextAsync($"/s/{slug}/calendar.ics")).Only().Uid);
    }

    private static string CalendarPart(MimeMessage mail) =>
        ((TextPart)mail.BodyParts.OfType<MimePart>().Single(p => p.ContentType.MimeType == "text/calendar")).Text;

    [GeneratedRegex("<title>([^<]*)</title>")]
    private static partial Regex TitleTag();

    [GeneratedRegex("<code id=\"guest-feed-url\">([^<]+)</code>")]
    private static partial Regex GuestFeedUrl();

    [GeneratedRegex("href=\"(/t/[^\"]+)\" class=\"ticket-link\"")]
    private static partial Regex TicketLink();

    [GeneratedRegex("name=\"InviteToken\" value=\"([^\"]+)\"")]
    private static partial Regex InviteToken();
}
