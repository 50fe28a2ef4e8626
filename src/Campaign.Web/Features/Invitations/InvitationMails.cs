using System.Globalization;
using Campaign.Domain.Invitations;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Features.Calendar;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Invitations;

/// <summary>
/// The invitation mail and what open invitations are told later (a new time or place, a cancellation): who invites,
/// their message as quoted text, the public details with the screening's calendar entry (PUBLISH, decisions/0021),
/// "Going" / "Can't go" links that open the RSVP form preset (opening them records nothing), report and unsubscribe.
/// </summary>
public sealed class InvitationMails(PublicLinks links, GuestMails guest, CalendarEntries calendar, IOptions<CampaignOptions> campaign, IStringLocalizer<InvitationMails> l)
{
    public string InviteUrl(Invitation invitation) => links.Absolute("/i/" + Token(invitation));

    /// <summary>The personal link with the answer chosen in the mail; the form still has to be sent.</summary>
    public string AnswerUrl(Invitation invitation, bool going) => links.Absolute("/i/" + Token(invitation) + (going ? "?answer=yes" : "?answer=no"));

    public string ReportUrl(Invitation invitation) => links.Absolute($"/i/{Token(invitation)}/report");

    public string UnsubscribeUrl(Invitation invitation) => links.Absolute("/unsubscribe/" + Token(invitation));

    /// <summary>The neutral help page behind a discreet invitation's "If you need support".</summary>
    public string HelpUrl(Invitation invitation) => links.Absolute($"/i/{Token(invitation)}/help");

    public OutgoingMail Invite(Invitation invitation, Screening screening, string hostName, bool again)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        var film = campaign.Value.Film.Title;
        var mail = GuestMails.Start(Greeting(invitation), screening, invitation.IsDiscreet);
        if (mail.IsDiscreet)
        {
            // Neither the film's name nor "documentary": the neutral title is all the mail says of what it is.
            film = screening.NeutralTitle;
            mail.Paragraph(again
                ? l["A few days ago {0} invited you to “{1}”. In case the first mail got lost, here it is again.", hostName, film]
                : l["{0} invites you to “{1}”.", hostName, film]);
        }
        else
        {
            mail.Paragraph(again
                ? l["A few days ago {0} invited you to a screening of the documentary “{1}”. In case the first mail got lost, here it is again.", hostName, film]
                : l["{0} invites you to a screening of the documentary “{1}”.", hostName, film]);
        }

        if (invitation.Message is { } message)
        {
            // The host's own words, as plain text: encoded in the HTML part and never turned into links.
            mail.Paragraph(l["{0} wrote:", hostName]).Quote(message);
        }

        guest.Details(mail, screening, includePrivatePlace: false, HelpUrl(invitation));
        mail.Paragraph(l["The full address or online link is sent to you once you say you are coming. This link is personal to you:"]);
        Answers(mail, invitation);
        guest.Help(mail, screening, HelpUrl(invitation));
        Footer(mail, invitation, hostName);
        var subject = mail.IsDiscreet
            ? again ? l["Reminder: {0} invites you to “{1}”", hostName, film] : l["{0} invites you to “{1}”", hostName, film]
            : again ? l["Reminder: {0} invites you to see “{1}”", hostName, film] : l["{0} invites you to see “{1}”", hostName, film];
        return mail.To(invitation.Email, invitation.Name, subject).With(calendar.Publication(screening, invitation.IsDiscreet));
    }

    /// <summary>A new time or place, for an invitation not answered yet: the public details as they are now and the updated calendar entry.</summary>
    public OutgoingMail Changed(Invitation invitation, Screening screening, ScreeningChanges changes, DateTime oldStartUtc, DateTime oldEndUtc, string oldZoneId, string hostName)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(changes);
        var mail = GuestMails.Start(Greeting(invitation), screening, invitation.IsDiscreet)
            .Paragraph(l["The screening “{0}” that {1} invited you to has changed.", screening.TitleFor(invitation.IsDiscreet), hostName]);
        if (changes.TimeChanged)
        {
            mail.Paragraph(l["New time: {0}\nWas: {1}",
                ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture),
                ZoneClock.FormatRange(oldStartUtc, oldEndUtc, oldZoneId, CultureInfo.CurrentCulture)]);
        }

        if (changes.PlaceChanged)
        {
            mail.Paragraph(screening.IsOnline ? l["It now takes place online."] : l["It now takes place somewhere else."]);
        }

        mail.Paragraph(l["The screening as it is now:"]);
        guest.Details(mail, screening, includePrivatePlace: false, HelpUrl(invitation));
        mail.Paragraph(l["You have not answered yet. This link is personal to you:"]);
        Answers(mail, invitation);
        guest.Help(mail, screening);
        Footer(mail, invitation, hostName);
        var title = GuestMails.Title(mail, screening);
        var subject = changes.TimeChanged && changes.PlaceChanged ? l["New time and place: {0}", title]
            : changes.TimeChanged ? l["New time: {0}", title]
            : l["New place: {0}", title];
        return mail.To(invitation.Email, invitation.Name, subject).With(calendar.Publication(screening, invitation.IsDiscreet));
    }

    /// <summary>The screening is off: the host's reason and a CANCEL of the calendar entry the invitation carried.</summary>
    public OutgoingMail Cancelled(Invitation invitation, Screening screening)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(Greeting(invitation), screening, invitation.IsDiscreet)
            .Paragraph(l["The screening “{0}” ({1}) is cancelled by its host.", screening.TitleFor(invitation.IsDiscreet),
                ZoneClock.FormatRange(screening.StartUtc, screening.EndUtc, screening.TimeZoneId, CultureInfo.CurrentCulture)]);
        if (!string.IsNullOrWhiteSpace(screening.CancellationReason))
        {
            mail.Paragraph(l["The host's reason:"]).Quote(screening.CancellationReason);
        }

        mail.Paragraph(l["You were invited to it; the invitation no longer applies."]);
        return mail.To(invitation.Email, invitation.Name, l["Cancelled: {0}", GuestMails.Title(mail, screening)]).With(calendar.Publication(screening, invitation.IsDiscreet));
    }

    private string Greeting(Invitation invitation) => invitation.Name is { } name ? l["Hello {0},", name] : l["Hello,"];

    private void Answers(MailTemplate mail, Invitation invitation) =>
        mail.Button(l["Going"], AnswerUrl(invitation, going: true))
            .Button(l["Can't go"], AnswerUrl(invitation, going: false))
            .Link(l["Reply to the invitation"], InviteUrl(invitation));

    private void Footer(MailTemplate mail, Invitation invitation, string hostName) =>
        mail.Paragraph(l["You get this mail because {0} entered your address. The campaign does not use it for anything else.", hostName])
            .Link(l["Report this invitation as unwanted or abusive"], ReportUrl(invitation))
            .Link(l["Unsubscribe: never get invitations from this site again"], UnsubscribeUrl(invitation));

    private static string Token(Invitation invitation) => Uri.EscapeDataString(invitation.Token);
}
