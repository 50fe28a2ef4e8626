using System.Globalization;
using System.Text;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Calendar;
using Campaign.Infrastructure.Mail;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Features.Calendar;

/// <summary>
/// A screening as a calendar entry. UID is the screening's stored calendar UID (its first slug) at the sender's domain:
/// the same in every file, feed and mail, so clients update one entry, also after discreet mode changed the slug.
/// A discreet entry (the screening's or the guest's choice, decisions/0023) has the neutral title as SUMMARY, no
/// description or content note of the host's, and a URL only when the slug is random characters. SEQUENCE is the screening's Version (bumped by every change), plus the
/// RSVP's Version in what one guest receives, so their own cancel and re-confirm also count up (decisions/0010).
/// Public entries carry city and region only ("Online" for online ones); private ones (a confirmed guest, the host)
/// carry the full address or link.
/// </summary>
public sealed class CalendarEntries(
    IcsWriter writer,
    PublicLinks links,
    GuestHelpText help,
    IOptions<MailOptions> mail,
    TimeProvider clock,
    IStringLocalizer<CalendarEntries> l)
{
    public const string InviteFileName = "invite.ics";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private MimeKit.MailboxAddress Sender => MimeKit.MailboxAddress.Parse(mail.Value.From);

    public string Uid(Screening screening)
    {
        ArgumentNullException.ThrowIfNull(screening);
        return screening.CalendarUid + "@" + Sender.Domain;
    }

    /// <summary>What anyone with the screening's link may see; <paramref name="guestDiscreet"/>: for a guest who chose discreet mode.</summary>
    public IcsEvent Public(Screening s, bool guestDiscreet = false)
    {
        ArgumentNullException.ThrowIfNull(s);
        var discreet = s.IsDiscreetFor(guestDiscreet);
        return new IcsEvent(Uid(s), s.Version, s.StartUtc, s.EndUtc, s.TimeZoneId, s.TitleFor(guestDiscreet))
        {
            Location = PublicPlace(s),
            Description = Description(s, privatePlace: null, discreet),
            Url = PageUrl(s, discreet),
            Cancelled = s.Status == ScreeningStatus.Cancelled,
        };
    }

    /// <summary>What a confirmed guest (<paramref name="rsvp"/>) or the host (null) may see: the full address or link.</summary>
    public IcsEvent Private(Screening s, Rsvp? rsvp)
    {
        ArgumentNullException.ThrowIfNull(s);
        var place = PrivatePlace(s);
        var guestDiscreet = rsvp?.IsDiscreet ?? false;
        return Public(s, guestDiscreet) with
        {
            Sequence = s.Version + (rsvp?.Version ?? 0),
            Location = place,
            Description = Description(s, place, s.IsDiscreetFor(guestDiscreet)),
        };
    }

    /// <summary>
    /// A guest's own entry: the full place once confirmed; for anyone else public detail only, and never a confirmed
    /// event: TENTATIVE on the waitlist, CANCELLED after cancelling or declining (decisions/0011).
    /// </summary>
    public IcsEvent Guest(Screening s, Rsvp rsvp)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        return rsvp.Status switch
        {
            RsvpStatus.Confirmed => Private(s, rsvp),
            RsvpStatus.Waitlisted => Public(s, rsvp.IsDiscreet) with { Sequence = s.Version + rsvp.Version, Tentative = true },
            _ => Public(s, rsvp.IsDiscreet) with { Sequence = s.Version + rsvp.Version, Cancelled = true },
        };
    }

    /// <summary>City, region and country, or "Online": never the street address or the link.</summary>
    public string PublicPlace(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.IsOnline ? l["Online"] : PlaceText.Public(s);
    }

    public string PrivatePlace(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.IsOnline ? s.OnlineUrl ?? l["Online"] : PlaceText.AddressLine(s);
    }

    /// <summary>The .ics text of one entry without METHOD (download).</summary>
    public string File(IcsEvent entry) => writer.Write([entry], IcsMethod.None, Now);

    /// <summary>A feed of several entries.</summary>
    public string Feed(IEnumerable<IcsEvent> entries, string name) => writer.Write(entries, IcsMethod.None, Now, name);

    /// <summary>
    /// The invitation (METHOD:REQUEST) for a confirmed guest, to add to their mail with <c>OutgoingMail.With</c>:
    /// once as an alternative body (mail clients show "add to calendar") and once as an attachment.
    /// </summary>
    public Task<MailPart[]> InvitationAsync(Rsvp rsvp, Screening screening, CancellationToken ct) =>
        MailPartsAsync(rsvp, screening, IcsMethod.Request, ct);

    /// <summary>METHOD:CANCEL with STATUS:CANCELLED: the screening is off, or the guest no longer comes.</summary>
    public Task<MailPart[]> CancellationAsync(Rsvp rsvp, Screening screening, CancellationToken ct) =>
        MailPartsAsync(rsvp, screening, IcsMethod.Cancel, ct);

    /// <summary>
    /// The screening for someone invited who has not answered (decisions/0021): METHOD:PUBLISH, the public entry (city
    /// only), no ATTENDEE (they are not one yet) and no personal link; SEQUENCE is the screening's version, so a later
    /// PUBLISH or the REQUEST of their own RSVP updates the same entry. A cancellation is METHOD:CANCEL of the same entry.
    /// </summary>
    public MailPart[] Publication(Screening screening, bool guestDiscreet = false)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var cancelled = screening.Status == ScreeningStatus.Cancelled;
        var entry = Public(screening, guestDiscreet) with { Organizer = Organizer(screening, screening.IsDiscreetFor(guestDiscreet)), Cancelled = cancelled };
        return Parts(entry, cancelled ? IcsMethod.Cancel : IcsMethod.Publish);
    }

    // "Hosted by" as the organiser's name: the host chose what guests see (blank: the campaign's sender name, which
    // may name the film: a discreet entry then has the neutral title).
    private IcsPerson Organizer(Screening screening, bool discreet) =>
        new(Sender.Address, !string.IsNullOrWhiteSpace(screening.HostedByName) ? screening.HostedByName
            : discreet ? screening.NeutralTitle : Sender.Name);

    private Task<MailPart[]> MailPartsAsync(Rsvp rsvp, Screening screening, IcsMethod method, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(rsvp);
        ArgumentNullException.ThrowIfNull(screening);
        var entry = Private(screening, rsvp) with
        {
            Organizer = Organizer(screening, screening.IsDiscreetFor(rsvp.IsDiscreet)),
            Attendee = new IcsPerson(rsvp.Email, rsvp.Name),
            Cancelled = method == IcsMethod.Cancel,
        };
        return Task.FromResult(Parts(entry, method));
    }

    private MailPart[] Parts(IcsEvent entry, IcsMethod method)
    {
        var bytes = Encoding.UTF8.GetBytes(writer.Write([entry], method, Now));
        var name = method switch
        {
            IcsMethod.Request => "REQUEST",
            IcsMethod.Publish => "PUBLISH",
            _ => "CANCEL",
        };
        return
        [
            new MailPart(MailPartKind.Alternative, InviteFileName, $"text/calendar; method={name}; charset=utf-8", bytes),
            new MailPart(MailPartKind.Attachment, InviteFileName, "application/ics", bytes),
        ];
    }

    // A screening page link whose slug has the title's words would name the film: a discreet entry has none then.
    private string? PageUrl(Screening s, bool discreet) =>
        discreet && !s.HasNeutralSlug ? null : links.Absolute("/s/" + s.Slug);

    private string? Description(Screening s, string? privatePlace, bool discreet)
    {
        // Discreet: the host's description and the content note may name the film; the help page holds them.
        var parts = new List<string?> { discreet ? null : s.Description, discreet ? null : help.ContentNote(s) };
        if (discreet)
        {
            parts.Add(l["If you need support: {0}", links.Absolute("/help")]);
        }

        if (!string.IsNullOrWhiteSpace(s.AccessibilityNotes))
        {
            parts.Add(l["Accessibility: {0}", s.AccessibilityNotes]);
        }

        if (s.IsOnline && privatePlace is not null)
        {
            parts.Add(l["Online: {0}", privatePlace]);
        }

        parts.Add(l["Time zone: {0}", s.TimeZoneId.Replace('_', ' ')]);
        parts.Add(PageUrl(s, discreet));
        if (!discreet)
        {
            // The support lines last, after the link: the film deals with child sexual exploitation (GuestHelpText).
            parts.Add(help.Support());
        }
        return string.Join("\n\n", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
    }

    /// <summary>Add-to-calendar links: Google Calendar and Outlook.com take the event in the URL (the user clicks; nothing loads from them).</summary>
    public AddToCalendarView AddLinks(IcsEvent entry, string icsUrl)
    {
        ArgumentNullException.ThrowIfNull(entry);
        static string Esc(string? v) => Uri.EscapeDataString(v ?? "");
        static string Compact(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var google = "https://calendar.google.com/calendar/render?action=TEMPLATE"
            + "&text=" + Esc(entry.Summary)
            + "&dates=" + Compact(entry.StartUtc) + "/" + Compact(entry.EndUtc)
            + "&ctz=" + Esc(entry.TimeZoneId)
            + "&details=" + Esc(entry.Description)
            + "&location=" + Esc(entry.Location);
        var outlook = "https://outlook.live.com/calendar/0/action/compose?rru=addevent"
            + "&subject=" + Esc(entry.Summary)
            + "&startdt=" + Esc(Iso(entry.StartUtc))
            + "&enddt=" + Esc(Iso(entry.EndUtc))
            + "&body=" + Esc(entry.Description)
            + "&location=" + Esc(entry.Location);
        return new AddToCalendarView(google, outlook, icsUrl);
    }
}

public sealed record AddToCalendarView(string GoogleUrl, string OutlookUrl, string IcsUrl);
