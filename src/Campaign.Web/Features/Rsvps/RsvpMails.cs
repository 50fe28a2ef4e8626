using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Features.Tickets;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.Rsvps;

/// <summary>The mails a guest gets about their own answer. Every one carries the private manage link and a "this wasn't me" link.</summary>
public sealed class RsvpMails(GuestMails guest, TicketBook tickets, IStringLocalizer<RsvpMails> l)
{
    public OutgoingMail Confirmed(Rsvp rsvp, Screening screening, IReadOnlyList<Ticket> held, string? intro = null)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(intro ?? (rsvp.PartySize == 1
                ? l["You're confirmed for this screening. We look forward to seeing you."]
                : l["You're confirmed for this screening, with a party of {0}. We look forward to seeing you.", rsvp.PartySize]));
        Party(mail, rsvp);
        guest.Details(mail, screening, includePrivatePlace: true, guest.HelpUrl(rsvp));
        mail.Paragraph(mail.IsDiscreet
            ? l["Please keep the address to yourself and the people you bring."]
            : l["Please keep the address to yourself and the people you bring: guests may be survivors."]);
        tickets.AddTo(mail, held);
        guest.Help(mail, screening, guest.HelpUrl(rsvp));
        Links(mail, rsvp, l["Can't come after all, or bringing a different number of people? Please change your RSVP so the seats go to someone else:"]);
        return mail.To(rsvp.Email, rsvp.Name, l["You're confirmed: {0}", GuestMails.Title(mail, screening)]);
    }

    public OutgoingMail Waitlisted(Rsvp rsvp, Screening screening, string? intro = null)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(intro ?? (rsvp.PartySize == 1
                ? l["This screening is full right now, so you are on the waitlist. If a seat opens up before the RSVP deadline, you get it automatically and we e-mail you the full details."]
                : l["This screening does not have {0} free seats right now, so your party is on the waitlist. If seats open up before the RSVP deadline, you get them automatically and we e-mail you the full details.", rsvp.PartySize]));
        Party(mail, rsvp);
        guest.Details(mail, screening, includePrivatePlace: false, guest.HelpUrl(rsvp));
        guest.Help(mail, screening, guest.HelpUrl(rsvp));
        Links(mail, rsvp, l["Changed your mind? You can leave the waitlist or change your party here:"]);
        return mail.To(rsvp.Email, rsvp.Name, l["You're on the waitlist: {0}", GuestMails.Title(mail, screening)]);
    }

    public OutgoingMail Declined(Rsvp rsvp, Screening screening)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(l["Thank you for letting us know you can't make it to \"{0}\". Sorry you'll miss it.", screening.TitleFor(rsvp.IsDiscreet)]);
        guest.Help(mail, screening: null, guest.HelpUrl(rsvp));
        Links(mail, rsvp, l["If your plans change before the RSVP deadline, you can still say yes here:"]);
        return mail.To(rsvp.Email, rsvp.Name, l["Sorry you can't make it: {0}", GuestMails.Title(mail, screening)]);
    }

    /// <summary>Mail to a waitlisted party that just got seats.</summary>
    public OutgoingMail Promoted(Rsvp rsvp, Screening screening, IReadOnlyList<Ticket> held)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(rsvp.PartySize == 1
                ? l["Good news: a seat opened up and you are now confirmed for this screening."]
                : l["Good news: seats opened up and your party of {0} is now confirmed for this screening.", rsvp.PartySize]);
        guest.Details(mail, screening, includePrivatePlace: true, guest.HelpUrl(rsvp));
        tickets.AddTo(mail, held);
        guest.Help(mail, screening, guest.HelpUrl(rsvp));
        mail.Paragraph(l["Can't come after all? Please free your seats for someone else:"])
            .Button(l["Change or cancel my RSVP"], guest.ManageUrl(rsvp));
        return mail.To(rsvp.Email, rsvp.Name, l["You're in: {0}", GuestMails.Title(mail, screening)]);
    }

    /// <summary>Someone used an address that already answered: nothing changed; the owner gets their own link.</summary>
    /// <param name="rsvp">The stored answer.</param>
    /// <param name="screening">Its screening.</param>
    /// <param name="discreet">The new answer asked for discreet mode: the mail is discreet too.</param>
    public OutgoingMail AlreadyAnswered(Rsvp rsvp, Screening screening, bool discreet = false)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet || discreet)
            .Paragraph(l["Someone (probably you) just used this address to answer for \"{0}\". You already answered for this screening, so nothing was changed.", screening.TitleFor(rsvp.IsDiscreet || discreet)])
            .Paragraph(l["Your answer: {0}", StatusText(rsvp)]);
        Links(mail, rsvp, l["To see or change your answer, use your own link:"]);
        return mail.To(rsvp.Email, rsvp.Name, l["You already answered: {0}", GuestMails.Title(mail, screening)]);
    }

    /// <summary>A short note after a change on the manage page.</summary>
    public OutgoingMail Changed(Rsvp rsvp, Screening screening, string what, IReadOnlyList<Ticket>? held = null)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var mail = GuestMails.Start(l["Hello {0},", rsvp.Name], screening, rsvp.IsDiscreet)
            .Paragraph(what)
            .Paragraph(l["Your answer now: {0}", StatusText(rsvp)]);
        if (rsvp.Status is RsvpStatus.Confirmed or RsvpStatus.Waitlisted)
        {
            Party(mail, rsvp);
        }

        tickets.AddTo(mail, held ?? []);

        Links(mail, rsvp, l["See or change your answer:"]);
        return mail.To(rsvp.Email, rsvp.Name, l["Your RSVP changed: {0}", GuestMails.Title(mail, screening)]);
    }

    public string StatusText(Rsvp rsvp)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        return rsvp.Status switch
        {
            RsvpStatus.Confirmed => rsvp.PartySize == 1 ? l["confirmed, 1 person"] : l["confirmed, {0} people", rsvp.PartySize],
            RsvpStatus.Waitlisted => rsvp.PartySize == 1 ? l["on the waitlist, 1 person"] : l["on the waitlist, {0} people", rsvp.PartySize],
            RsvpStatus.Declined => l["can't make it"],
            _ => l["cancelled"],
        };
    }

    private void Party(MailTemplate mail, Rsvp rsvp)
    {
        var guests = rsvp.GuestNameList().Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        var text = rsvp.PartySize == 1
            ? l["Party: 1 person ({0})", rsvp.Name].Value
            : l.Plural(rsvp.PartySize - 1, "Party: {0} people ({1} and {2} guest)", "Party: {0} people ({1} and {2} guests)", rsvp.PartySize, rsvp.Name, rsvp.PartySize - 1).Value;
        if (guests.Count > 0)
        {
            text += "\n" + l["Guests: {0}", string.Join(", ", guests)];
        }

        mail.Paragraph(text);
    }

    private void Links(MailTemplate mail, Rsvp rsvp, string lead)
    {
        mail.Paragraph(lead)
            .Button(l["Change or cancel my RSVP"], guest.ManageUrl(rsvp))
            .Paragraph(l["This link is personal: anyone who has it can change your answer. Please don't forward this mail."])
            .Paragraph(l["Didn't answer this yourself? Someone may have used your address by mistake. One click cancels it and stops all mail about this screening:"])
            .Button(l["This wasn't me"], guest.NotMeUrl(rsvp));
    }
}
