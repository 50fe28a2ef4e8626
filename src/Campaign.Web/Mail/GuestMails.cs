using System.Globalization;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Mail;

/// <summary>The parts every guest mail shares: the screening's details in its own zone, and where to get support.</summary>
public sealed class GuestMails(PublicLinks links, IOptions<CampaignOptions> campaign, IStringLocalizer<GuestMails> l)
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

        if (mail.IsDiscreet)
        {
            return string.IsNullOrWhiteSpace(screening.ContentNote) ? mail : SupportLink(mail, helpUrl);
        }

        if (!string.IsNullOrWhiteSpace(screening.ContentNote))
        {
            mail.Paragraph(l["Content note: {0}", screening.ContentNote]);
        }

        return mail;
    }

    /// <summary>Support resources: the film deals with child sexual exploitation; guests may be survivors.</summary>
    /// <remarks>A discreet mail gets only the neutral link "If you need support" (to <paramref name="helpUrl"/>, else /help).</remarks>
    public MailTemplate Support(MailTemplate mail, string? helpUrl = null)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (mail.IsDiscreet)
        {
            return SupportLink(mail, helpUrl);
        }

        var resources = campaign.Value.SupportResources;
        if (resources.Count == 0)
        {
            return mail;
        }

        var lines = resources.Select(r => string.Join(" · ", new[]
        {
            r.Name,
            string.IsNullOrWhiteSpace(r.Phone) ? null : l["call {0}", r.Phone].Value,
            string.IsNullOrWhiteSpace(r.Text) ? null : l["text {0}", r.Text].Value,
            r.Url,
        }.Where(p => !string.IsNullOrWhiteSpace(p))));
        return mail.Paragraph(l["If the film brings up something difficult, confidential help is there:"] + "\n" + string.Join("\n", lines));
    }

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
