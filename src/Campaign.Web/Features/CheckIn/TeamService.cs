using System.ComponentModel.DataAnnotations;
using Campaign.Domain;
using Campaign.Domain.Screenings;
using Campaign.Domain.Tickets;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Mail;
using Campaign.Infrastructure.Time;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Features.CheckIn;

public sealed class DoorLinkForm
{
    [Required(ErrorMessage = "Give the door link a name, e.g. \"Door 2\".")]
    [StringLength(DoorLink.NameMaxLength, ErrorMessage = "A name can be at most {1} characters.")]
    [Display(Name = "Name of the door")]
    public string? Name { get; set; }
}

public sealed class CoHostForm
{
    [Required(ErrorMessage = "Give an e-mail address.")]
    [Email(ErrorMessage = "This is not an e-mail address.")]
    [StringLength(254, ErrorMessage = "An address can be at most {1} characters.")]
    [Display(Name = "Co-host's e-mail address")]
    public string? Email { get; set; }
}

public sealed record DoorLinkRow(Guid Id, string Name, string Url, bool Open, string Expires);

public sealed record TeamView(
    Screening Screening,
    ScreeningRole Role,
    IReadOnlyList<DoorLinkRow> DoorLinks,
    IReadOnlyList<CoHost> CoHosts,
    DoorLinkForm DoorForm,
    CoHostForm CoHostForm);

/// <summary>The people who help at a screening: co-hosts (added by the host) and door links (by host or co-host).</summary>
public sealed class TeamService(CampaignDbContext db, DoorCache doorCache, MailOutbox outbox, PublicLinks links, TimeProvider clock, IStringLocalizer<TeamService> l)
{
    public async Task<TeamView> ViewAsync(Screening screening, ScreeningRole role, DoorLinkForm? doorForm, CoHostForm? coHostForm, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = DoorAccess.DoorLinkExpiry(screening);
        var doors = await db.DoorLinks.AsNoTracking().Where(d => d.ScreeningId == screening.Id).OrderBy(d => d.CreatedAtUtc).ToListAsync(ct);
        var coHosts = await db.CoHosts.AsNoTracking().Where(c => c.ScreeningId == screening.Id).OrderBy(c => c.AddedAtUtc).ToListAsync(ct);
        var expiresText = ZoneClock.Format(expires, screening.TimeZoneId, System.Globalization.CultureInfo.CurrentCulture);
        return new TeamView(
            screening,
            role,
            [.. doors.Where(d => d.RevokedAtUtc is null).Select(d => new DoorLinkRow(d.Id, d.Name, links.Absolute("/door/" + d.Token), d.IsOpen(now, expires), expiresText))],
            coHosts,
            doorForm ?? new DoorLinkForm(),
            coHostForm ?? new CoHostForm());
    }

    public async Task CreateDoorLinkAsync(Screening screening, DoorLinkForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(form);
        db.DoorLinks.Add(DoorLink.Create(screening.Id, form.Name ?? "", SecretTokens.New(), clock.GetUtcNow().UtcDateTime));
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> RevokeDoorLinkAsync(Screening screening, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var link = await db.DoorLinks.SingleOrDefaultAsync(d => d.Id == id && d.ScreeningId == screening.Id, ct);
        if (link is null)
        {
            return false;
        }

        link.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        doorCache.Forget();
        return true;
    }

    /// <summary>Adds a co-host and mails them; returns an error message or null.</summary>
    public async Task<string?> AddCoHostAsync(Screening screening, string hostName, CoHostForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        ArgumentNullException.ThrowIfNull(form);
        if (!EmailAddress.TryParse(form.Email, out var address))
        {
            return l[EmailAddress.NotAnAddressMessage];
        }

        var email = address.Value;

        var key = EmailKey.Of(email);
        var hostEmail = await db.Users.Where(u => u.Id == screening.HostId).Select(u => u.Email).SingleAsync(ct);
        if (hostEmail is not null && EmailKey.Of(hostEmail) == key)
        {
            return l["That is your own address: you are the host already."];
        }

        if (await db.CoHosts.AnyAsync(c => c.ScreeningId == screening.Id && c.EmailKey == key, ct))
        {
            return l["This address is a co-host already."];
        }

        db.CoHosts.Add(CoHost.Add(screening.Id, email, clock.GetUtcNow().UtcDateTime));
        var mail = GuestMails.Start(l["Hello,"], screening, guestDiscreet: false)
            .Paragraph(l["{0} added you as a co-host of the screening \"{1}\". Co-hosts can edit the screening, invite guests, see the guest list and check guests in at the door.", hostName, screening.TitleFor(false)])
            .Paragraph(l["Sign in (or create an account) with this e-mail address to get access:"])
            .Button(l["Open the screening"], links.Absolute("/s/" + screening.Slug))
            .To(email, null, l["You are a co-host of \"{0}\"", screening.TitleFor(false)]);
        outbox.Add(mail, "cohost-added", screening.Id);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return l["This address is a co-host already."];
        }

        // "Not a co-host" may be cached for this account: the new co-host can scan here at once.
        doorCache.Forget();
        return null;
    }

    public async Task<bool> RemoveCoHostAsync(Screening screening, Guid id, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(screening);
        var removed = await db.CoHosts.Where(c => c.Id == id && c.ScreeningId == screening.Id).ExecuteDeleteAsync(ct);
        doorCache.Forget();
        return removed > 0;
    }

}
