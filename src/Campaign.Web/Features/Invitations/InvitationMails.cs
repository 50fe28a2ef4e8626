using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Invitations;

/// <summary>The invitation mail: who invites, their message as quoted text, the public details, the personal link, report and unsubscribe.</summary>
public sealed class InvitationMails(PublicLinks links, GuestMails guest, IOptions<CampaignOptions> campaign, IStringLocalizer<InvitationMails> l)
{
    public string InviteUrl(Invitation invitation) => links.Absolute("/i/" + Token(invitation));

    public string ReportUrl(Invitation invitation) => links.Absolute($"/i/{Token(invitation)}/report");

    public string UnsubscribeUrl(Invitation invitation) => links.Absolute("/unsubscribe/" + Token(invitation));

    public OutgoingMail Invite(Invitation invitation, Screening screening, string hostName, bool again)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        var film = campaign.Value.Film.Title;
        var mail = new MailTemplate(l["Hello,"])
            .Paragraph(again
                ? l["A few days ago {0} invited you to a screening of the documentary “{1}”. In case the first mail got lost, here it is again.", hostName, film]
                : l["{0} invites you to a screening of the documentary “{1}”.", hostName, film]);
        if (invitation.Message is { } message)
        {
            // The host's own words, as plain text: encoded in the HTML part and never turned into links.
            mail.Paragraph(l["{0} wrote:", hostName]).Quote(message);
        }

        guest.Details(mail, screening, includePrivatePlace: false);
        mail.Paragraph(l["The full address or online link is sent to you once you say you are coming. This link is personal to you:"])
            .Button(l["Reply to the invitation"], InviteUrl(invitation));
        guest.Support(mail);
        mail.Paragraph(l["You get this mail because {0} entered your address. The campaign does not use it for anything else.", hostName])
            .Link(l["Report this invitation as unwanted or abusive"], ReportUrl(invitation))
            .Link(l["Unsubscribe: never get invitations from this site again"], UnsubscribeUrl(invitation));
        var subject = again
            ? l["Reminder: {0} invites you to see “{1}”", hostName, film]
            : l["{0} invites you to see “{1}”", hostName, film];
        return mail.To(invitation.Email, null, subject);
    }

    private static string Token(Invitation invitation) => Uri.EscapeDataString(invitation.Token);
}
