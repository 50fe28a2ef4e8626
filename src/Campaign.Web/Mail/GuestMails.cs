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

    /// <summary>The neutral help page behind a discreet mail's "If you need support": support lines and the screening's content note.</summary>
    public string HelpUrl(Rsvp rsvp) => links.Absolute($"/rsvp/{rsvp.ManageToken}/help");

    /// <summary>
    /// A guest mail about <paramref name="screening"/>, discreet when the screening or the guest (<paramref name="guestDiscreet"/>)
    /// is (decisions/0023): the neutral title as sender name and footer, and no film subject in the shared blocks.
    /// </summary>
    public static MailTemplate Start(string greeting, Screening screening, bool guestDiscreet)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var mail = new MailTemplate(greeting);
        return screening.IsDiscreetFor(guestDiscreet) ? mail.Discreet(screening.NeutralTitle) : mail;
    }

    /// <summary>The title the mail shows: the neutral one in a discreet mail.</summary>
    public static string Title(MailTemplate mail, Screening screening)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(screening);
        return mail.IsDiscreet ? screening.NeutralTitle : screening.Title;
    }

    /// <summary>When and where; the full address or online link only when <paramref name="includePrivatePlace"/> (confirmed guests).</summary>
    /// <remarks>In a discreet mail the content note is left out; <paramref name="helpUrl"/> then leads to it behind "If you need support".</remarks>
    public MailTemplate Details(MailTemplate mail, Screening screening, bool includePrivatePlace, string? helpUrl = null)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(screening);
        mail.Paragraph(Title(mail, screening) + "\n" + ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture)
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

        // A discreet mail leaves the content note out (Help writes it otherwise); "If you need support" leads to it.
        if (mail.IsDiscreet && !string.IsNullOrWhiteSpace(screening.ContentNote))
        {
            SupportLink(mail, helpUrl);
        }

        return mail;
    }

    /// <summary>
    /// The help lines (<see cref="GuestHelpText"/>): the screening's content note, when it has one, and the support
    /// resources. The film deals with child sexual exploitation; guests may be survivors. A discreet mail gets only the
    /// neutral link "If you need support" (to <paramref name="helpUrl"/>, else /help), once.
    /// </summary>
    public MailTemplate Help(MailTemplate mail, Screening? screening, string? helpUrl = null)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.IsDiscreet)
        {
            return SupportLink(mail, helpUrl);
        }

        foreach (var paragraph in help.Paragraphs(screening))
        {
            mail.Paragraph(paragraph);
        }

        return mail;
    }

    /// <summary>The support resources alone (no content note): <see cref="Help"/> without a screening.</summary>
    public MailTemplate Support(MailTemplate mail, string? helpUrl = null) => Help(mail, screening: null, helpUrl);

    private MailTemplate SupportLink(MailTemplate mail, string? helpUrl)
    {
        if (mail.HasSupportLink)
        {
            return mail;
        }

        mail.HasSupportLink = true;
        return mail.Link(l["If you need support"], helpUrl ?? links.Absolute("/help"));
    }
}
