using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Mail;

/// <summary>The parts every guest mail shares: the screening's details in its own zone, and where to get support.</summary>
public sealed class GuestMails(PublicLinks links, GuestHelpText help, IStringLocalizer<GuestMails> l)
{
    public string ManageUrl(Rsvp rsvp) => links.Absolute("/rsvp/" + rsvp.ManageToken);

    public string NotMeUrl(Rsvp rsvp) => links.Absolute($"/rsvp/{rsvp.ManageToken}/not-me");

    public string ScreeningUrl(Screening screening) => links.Absolute("/s/" + screening.Slug);

    /// <summary>When and where; the full address or online link only when <paramref name="includePrivatePlace"/> (confirmed guests).</summary>
    public MailTemplate Details(MailTemplate mail, Screening screening, bool includePrivatePlace)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(screening);
        mail.Paragraph(screening.Title + "\n" + ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture)
            + "\n" + l["Time zone: {0}", screening.TimeZoneId.Replace('_', ' ')]);
        if (screening.IsOnline)
        {
            mail.Paragraph(includePrivatePlace ? l["Online: {0}", screening.OnlineUrl ?? ""] : l["Online"]);
        }
        else if (includePrivatePlace)
        {
            mail.Paragraph(string.Join("\n", PlaceText.AddressLines(screening)));
        }
        else
        {
            mail.Paragraph(PlaceText.Public(screening));
        }

        if (!string.IsNullOrWhiteSpace(screening.AccessibilityNotes))
        {
            mail.Paragraph(l["Accessibility: {0}", screening.AccessibilityNotes]);
        }

        return mail;
    }

    /// <summary>
    /// The help lines (<see cref="GuestHelpText"/>): the screening's content note, when it has one, and the support
    /// resources. The film deals with child sexual exploitation; guests may be survivors.
    /// </summary>
    public MailTemplate Help(MailTemplate mail, Screening? screening)
    {
        ArgumentNullException.ThrowIfNull(mail);
        foreach (var paragraph in help.Paragraphs(screening))
        {
            mail.Paragraph(paragraph);
        }

        return mail;
    }
}
