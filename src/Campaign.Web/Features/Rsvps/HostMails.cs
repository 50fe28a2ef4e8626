using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>
/// What the host hears about answers (the screening's <see cref="HostNotice"/>): a mail per new answer, queued with the
/// answer, or the daily digest (Features/Guests). Guests' names (one clean line, encoded in HTML) and party sizes only,
/// never their addresses: the mail may be read on a shared or lost phone, and the guest list is one click away.
/// </summary>
public sealed class HostMails(CampaignDbContext db, MailOutbox outbox, PublicLinks links, IStringLocalizer<HostMails> l)
{
    // Compiled once: asked on every answer to a screening whose host wants each one.
    private static readonly Func<CampaignDbContext, string, CancellationToken, Task<string?>> HostAddress =
        EF.CompileAsyncQuery((CampaignDbContext db, string hostId, CancellationToken ct) => db.Users.Where(u => u.Id == hostId).Select(u => u.Email).SingleOrDefault());

    /// <summary>Queues (not saves) the "someone answered" mail when the host chose a mail for each answer.</summary>
    public async Task QueueAnswerAsync(Screening screening, Rsvp rsvp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(rsvp);
        if (screening.HostNotice != HostNotice.EachRsvp || await HostAddress(db, screening.HostId, ct) is not { } address)
        {
            return;
        }

        var mail = GuestMails.Start(l["Hello,"], screening, guestDiscreet: false)
            .Paragraph(l["A new answer for “{0}” ({1}):", screening.TitleFor(false), When(screening)])
            .Paragraph(Line(rsvp))
            .Button(l["Guest list"], GuestListUrl(screening));
        Footer(mail, screening);
        outbox.Add(mail.To(address, null, l["{0}: {1}", Status(rsvp), screening.TitleFor(false)]), MailKinds.HostRsvp, screening.Id);
    }

    /// <summary>The daily digest: each new answer and each cancellation since <paramref name="sinceUtc"/>, and where the guest list stands.</summary>
    public OutgoingMail Digest(Screening screening, string hostAddress, DateTime sinceUtc, IReadOnlyList<Rsvp> answered, IReadOnlyList<Rsvp> cancelled, int going, int waitlisted)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(answered);
        ArgumentNullException.ThrowIfNull(cancelled);
        var mail = GuestMails.Start(l["Hello,"], screening, guestDiscreet: false)
            .Paragraph(l["What happened with “{0}” ({1}) since {2}:", screening.TitleFor(false), When(screening),
                ZoneClock.Format(sinceUtc, screening.TimeZoneId, CultureInfo.CurrentCulture)]);
        if (answered.Count > 0)
        {
            mail.Paragraph(l["New answers ({0}):", answered.Count] + "\n" + string.Join("\n", answered.Select(r => "• " + Line(r))));
        }

        if (cancelled.Count > 0)
        {
            mail.Paragraph(l["Cancelled ({0}):", cancelled.Count] + "\n" + string.Join("\n", cancelled.Select(r => "• " + l["{0}, party of {1}", r.Name, r.PartySize])));
        }

        mail.Paragraph(l["Now: {0} going ({1} of {2} seats taken), {3} on the waitlist.", going, screening.SeatsTaken, screening.Capacity, waitlisted])
            .Button(l["Guest list"], GuestListUrl(screening));
        Footer(mail, screening);
        return mail.To(hostAddress, null, l["Daily summary: {0}", screening.TitleFor(false)]);
    }

    private string Line(Rsvp rsvp) => rsvp.Status switch
    {
        RsvpStatus.Confirmed => l["{0} is coming, party of {1}.", rsvp.Name, rsvp.PartySize],
        RsvpStatus.Waitlisted => l["{0} is on the waitlist, party of {1}.", rsvp.Name, rsvp.PartySize],
        RsvpStatus.Declined => l["{0} can't come.", rsvp.Name],
        _ => l["{0} answered and has cancelled since.", rsvp.Name],
    };

    private string Status(Rsvp rsvp) => rsvp.Status switch
    {
        RsvpStatus.Confirmed => l["New RSVP"],
        RsvpStatus.Waitlisted => l["New on the waitlist"],
        _ => l["Can't come"],
    };

    private void Footer(MailTemplate mail, Screening screening) =>
        mail.Paragraph(l["You get this because of the screening's setting “When someone answers, tell me”. Change it on the screening's edit page:"])
            .Link(l["Edit the screening"], links.Absolute("/s/" + screening.Slug + "/edit"));

    private string GuestListUrl(Screening screening) => links.Absolute("/s/" + screening.Slug + "/guests");

    private static string When(Screening s) => ZoneClock.FormatRange(s.StartUtc, s.EndUtc, s.TimeZoneId, CultureInfo.CurrentCulture);
}
