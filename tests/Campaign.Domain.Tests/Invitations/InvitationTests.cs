using Campaign.Domain.Invitations;

namespace Campaign.Domain.Tests.Invitations;

public class InvitationTests : AtFixedTime
{
    private Invitation Invite(string email = "Ivy@Example.org", string? message = "  See you there!  ") =>
        Invitation.Create(Guid.NewGuid(), email, "token", message, "host-1", Now);

    [Fact]
    public void A_new_invitation_waits_for_the_dispatcher()
    {
        var invitation = Invite();

        Assert.Equal(InvitationState.Queued, invitation.State);
        Assert.Equal("Ivy@Example.org", invitation.Email);
        Assert.Equal("ivy@example.org", invitation.EmailKey);
        Assert.Equal("See you there!", invitation.Message);
        Assert.Null(Invite(message: "   ").Message);
    }

    [Fact]
    public void Only_a_valid_address_can_be_invited()
    {
        Assert.Throws<DomainException>(() => Invite(email: "a,b@example.org"));
        Assert.Equal("ana@xn--bcher-kva.example", Invite(email: "ana@bücher.example").Email);
    }

    [Fact]
    public void The_mail_leaving_marks_it_sent()
    {
        var invitation = Invite();

        invitation.MarkSent(Now);

        Assert.Equal(InvitationState.Sent, invitation.State);
        Assert.Equal(Now, invitation.SentAtUtc);
    }

    [Fact]
    public void A_refusal_by_the_mail_server_is_kept_short()
    {
        var invitation = Invite();

        invitation.MarkFailed(new string('x', 600));

        Assert.Equal(InvitationState.Failed, invitation.State);
        Assert.Equal(500, invitation.FailureReason!.Length);
    }

    [Fact]
    public void An_answer_is_not_undone_by_later_mail_events()
    {
        var invitation = Invite();
        invitation.MarkAnswered(yes: true);

        invitation.MarkSent(Now);
        invitation.MarkFailed("550 gone");

        Assert.Equal(InvitationState.Accepted, invitation.State);
        Assert.Null(invitation.FailureReason);
    }

    [Fact]
    public void One_resend_is_allowed_48_hours_after_the_first_mail()
    {
        var invitation = Invite();
        invitation.MarkFailed("421 try later");
        Clock.Advance(Invitation.ResendAfter - TimeSpan.FromMinutes(1));

        var early = Assert.Throws<DomainException>(() => invitation.Resend(Now));
        Assert.Equal("An invitation can be sent again 48 hours after the first one.", early.Message);

        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(invitation.CanResend(Now));
        invitation.Resend(Now);

        Assert.Equal(InvitationState.Queued, invitation.State);
        Assert.Null(invitation.FailureReason);
        Assert.Equal(Now, invitation.ResentAtUtc);
        var twice = Assert.Throws<DomainException>(() => invitation.Resend(Now));
        Assert.Equal("This invitation was already sent again once.", twice.Message);
    }

    [Fact]
    public void An_answered_invitation_is_not_sent_again()
    {
        var invitation = Invite();
        invitation.MarkAnswered(yes: false);
        Clock.Advance(Invitation.ResendAfter);

        Assert.False(invitation.CanResend(Now));
        var refused = Assert.Throws<DomainException>(() => invitation.Resend(Now));
        Assert.Equal("This guest has already answered.", refused.Message);
    }
}
