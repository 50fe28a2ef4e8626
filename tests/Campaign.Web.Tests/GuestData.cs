using System.Globalization;
using System.Security.Cryptography;
using Campaign.Domain.Invitations;
using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Tests;

/// <summary>RSVPs and invitations written straight to the database (their forms are built on other branches).</summary>
internal static class GuestData
{
    public static Screening Screening(CampaignFactory app, string slug) => app.WithDb(db => db.Screenings.AsNoTracking().Single(s => s.Slug == slug));

    /// <summary>An answer as the RSVP form would store it: a confirmed one takes its seats first.</summary>
    public static Rsvp Rsvp(CampaignFactory app, string slug, string name, string email, int party = 1, RsvpStatus status = RsvpStatus.Confirmed, IReadOnlyList<string>? guestNames = null)
    {
        var screening = Screening(app, slug);
        return app.WithDb(db =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var initial = status == RsvpStatus.Cancelled ? RsvpStatus.Confirmed : status;
            if (initial == RsvpStatus.Confirmed)
            {
                Assert.True(SeatLedger.TryTakeAsync(db, screening.Id, party, CancellationToken.None).GetAwaiter().GetResult(), "The seats fit.");
            }

            var rsvp = Domain.Rsvps.Rsvp.Create(screening.Id, name, email, party, guestNames, initial, Token(), null, now);
            if (status == RsvpStatus.Cancelled)
            {
                SeatLedger.ReleaseAsync(db, screening.Id, rsvp.Cancel(now), CancellationToken.None).GetAwaiter().GetResult();
            }

            db.Rsvps.Add(rsvp);
            db.SaveChanges();
            return rsvp;
        });
    }

    public static Invitation Invitation(CampaignFactory app, string slug, string email, InvitationState state = InvitationState.Sent)
    {
        var screening = Screening(app, slug);
        return app.WithDb(db =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var invitation = Domain.Invitations.Invitation.Create(screening.Id, email, Token(), null, screening.HostId, now);
            switch (state)
            {
                case InvitationState.Sent:
                    invitation.MarkSent(now);
                    break;
                case InvitationState.Accepted or InvitationState.Declined:
                    invitation.MarkSent(now);
                    invitation.MarkAnswered(state == InvitationState.Accepted);
                    break;
            }

            db.Invitations.Add(invitation);
            db.SaveChanges();
            return invitation;
        });
    }

    public static void Block(CampaignFactory app, string slug, string email) => app.WithDb(db =>
    {
        db.ScreeningMailBlocks.Add(ScreeningMailBlock.For(Screening(app, slug).Id, email, app.Clock.GetUtcNow().UtcDateTime));
        return db.SaveChanges();
    });

    public static void Suppress(CampaignFactory app, string email) => app.WithDb(db =>
    {
        db.MailSuppressions.Add(MailSuppression.For(email, app.Clock.GetUtcNow().UtcDateTime));
        return db.SaveChanges();
    });

    /// <summary>Saves the edit form with <paramref name="fields"/> (the current version filled in); asserts it was saved.</summary>
    public static async Task EditAsync(WebSession host, string slug, Dictionary<string, string> fields)
    {
        var edit = await host.GetAsync($"/s/{slug}/edit");
        fields["Version"] = Screening(host.Factory, slug).Version.ToString(CultureInfo.InvariantCulture);
        var saved = await host.PostAsync($"/s/{slug}/edit", fields, edit.AntiforgeryToken);
        Assert.True(saved.Location == "/s/" + slug, $"Expected the edit to be saved, got {(int)saved.Status}: {saved.Text}");
    }

    private static string Token() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}
