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

        if (!string.IsNullOrWhiteSpace(screening.ContentNote))
        {
            mail.Paragraph(l["Content note: {0}", screening.ContentNote]);
        }

        return mail;
    }

    /// <summary>Support resources: the film deals with child sexual exploitation; guests may be survivors.</summary>
    public MailTemplate Support(MailTemplate mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
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
}
