using Campaign.Domain.Rsvps;

namespace Campaign.Domain.Tests.Rsvps;

public class RsvpTests : AtFixedTime
{
    private static readonly Guid ScreeningId = Guid.NewGuid();

    private Rsvp Answer(RsvpStatus status = RsvpStatus.Confirmed, int party = 3, string email = "Ana@Example.org", IReadOnlyList<string>? guests = null) =>
        Rsvp.Create(ScreeningId, "  Ana Diaz ", email, party, guests ?? ["Ben", "Cy"], status, "manage-token", invitationId: null, Now);

    [Fact]
    public void A_confirmed_answer_holds_a_seat_for_everyone_in_the_party()
    {
        var rsvp = Answer();

        Assert.Equal(RsvpStatus.Confirmed, rsvp.Status);
        Assert.Equal(3, rsvp.SeatsHeld);
        Assert.Equal("Ana Diaz", rsvp.Name);
        Assert.Equal(["Ben", "Cy"], rsvp.GuestNameList());
        Assert.Null(rsvp.WaitlistedAtUtc);
        Assert.Equal(Now, rsvp.ConsentedAtUtc);
    }

    [Fact]
    public void The_address_is_kept_as_typed_and_compared_by_its_key()
    {
        var rsvp = Answer(email: " Ana@Example.org ");

        Assert.Equal("Ana@Example.org", rsvp.Email);
        Assert.Equal("ana@example.org", rsvp.EmailKey);
    }

    [Fact]
    public void An_internationalised_address_is_stored_in_punycode()
    {
        Assert.Equal("ana@xn--bcher-kva.example", Answer(email: "ana@bücher.example").Email);
    }

    [Fact]
    public void An_answer_without_a_valid_address_is_refused()
    {
        var refused = Assert.Throws<DomainException>(() => Answer(email: "a..b@example.org"));

        Assert.Equal(EmailAddress.NotAnAddressMessage, refused.Message);
    }

    [Fact]
    public void A_waitlisted_answer_holds_no_seats_and_keeps_its_place_in_line()
    {
        var rsvp = Answer(RsvpStatus.Waitlisted);

        Assert.Equal(0, rsvp.SeatsHeld);
        Assert.Equal(Now, rsvp.WaitlistedAtUtc);
    }

    [Fact]
    public void A_decline_has_no_party()
    {
        var rsvp = Answer(RsvpStatus.Declined);

        Assert.Equal(0, rsvp.PartySize);
        Assert.Equal(0, rsvp.SeatsHeld);
    }

    [Fact]
    public void A_party_has_at_least_one_person()
    {
        Assert.Throws<DomainException>(() => Answer(party: 0));
    }

    [Fact]
    public void A_new_answer_cannot_start_cancelled()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Answer(RsvpStatus.Cancelled));
    }

    [Fact]
    public void Cancelling_frees_the_seats_held_and_cannot_be_done_twice()
    {
        var rsvp = Answer();
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(3, rsvp.Cancel(Now));
        Assert.Equal(RsvpStatus.Cancelled, rsvp.Status);
        Assert.Equal(Now, rsvp.UpdatedAtUtc);
        var again = Assert.Throws<DomainException>(() => rsvp.Cancel(Now));
        Assert.Equal("This RSVP is already cancelled.", again.Message);
    }

    [Fact]
    public void Cancelling_a_waitlist_place_frees_nothing_and_leaves_the_line()
    {
        var rsvp = Answer(RsvpStatus.Waitlisted);

        Assert.Equal(0, rsvp.Cancel(Now));
        Assert.Null(rsvp.WaitlistedAtUtc);
    }

    [Fact]
    public void Only_a_waitlisted_answer_is_promoted()
    {
        var rsvp = Answer(RsvpStatus.Waitlisted);

        rsvp.Promote(Now);

        Assert.Equal(RsvpStatus.Confirmed, rsvp.Status);
        Assert.Null(rsvp.WaitlistedAtUtc);
        Assert.Throws<DomainException>(() => rsvp.Promote(Now));
    }

    [Fact]
    public void Growing_a_confirmed_party_asks_for_the_extra_seats_and_shrinking_gives_them_back()
    {
        var rsvp = Answer();

        Assert.Equal(1, rsvp.ChangeParty(4, ["Ben", "Cy", "Dee"], Now));
        Assert.Equal(-3, rsvp.ChangeParty(1, null, Now));
        Assert.Equal(1, rsvp.SeatsHeld);
        Assert.Empty(rsvp.GuestNameList());
    }

    [Fact]
    public void Changing_a_waitlisted_party_needs_no_seats()
    {
        var rsvp = Answer(RsvpStatus.Waitlisted);

        Assert.Equal(0, rsvp.ChangeParty(5, null, Now));
        Assert.Equal(5, rsvp.PartySize);
    }

    [Fact]
    public void A_cancelled_or_declined_answer_cannot_change_its_party()
    {
        var cancelled = Answer();
        cancelled.Cancel(Now);

        var refused = Assert.Throws<DomainException>(() => cancelled.ChangeParty(2, null, Now));
        Assert.Equal("This RSVP is not active; answer again instead.", refused.Message);
        Assert.Throws<DomainException>(() => Answer(RsvpStatus.Declined).ChangeParty(2, null, Now));
        Assert.Throws<DomainException>(() => Answer().ChangeParty(0, null, Now));
    }

    [Fact]
    public void A_guest_giving_up_their_seat_shrinks_the_party_and_leaves_the_list()
    {
        var rsvp = Answer();

        Assert.Equal(1, rsvp.ReleaseGuest(0, Now));

        Assert.Equal(2, rsvp.PartySize);
        Assert.Equal(["Cy"], rsvp.GuestNameList());
    }

    [Fact]
    public void Nobody_but_the_booker_left_means_no_seat_to_give_up()
    {
        var alone = Answer(party: 1, guests: []);

        var refused = Assert.Throws<DomainException>(() => alone.ReleaseGuest(0, Now));
        Assert.Equal("This seat is no longer part of a confirmed party.", refused.Message);
        Assert.Throws<DomainException>(() => Answer(RsvpStatus.Waitlisted).ReleaseGuest(0, Now));
    }

    [Fact]
    public void Coming_back_after_cancelling_is_confirmed_with_seats_and_waitlisted_without()
    {
        var withSeats = Answer();
        withSeats.Cancel(Now);
        var withoutSeats = Answer(RsvpStatus.Declined);
        Clock.Advance(TimeSpan.FromMinutes(5));

        withSeats.Reconfirm(2, seatsTaken: true, Now);
        withoutSeats.Reconfirm(2, seatsTaken: false, Now);

        Assert.Equal(RsvpStatus.Confirmed, withSeats.Status);
        Assert.Equal(2, withSeats.SeatsHeld);
        Assert.Equal(RsvpStatus.Waitlisted, withoutSeats.Status);
        Assert.Equal(Now, withoutSeats.WaitlistedAtUtc);
    }

    [Fact]
    public void An_active_answer_cannot_come_back()
    {
        var refused = Assert.Throws<DomainException>(() => Answer().Reconfirm(2, seatsTaken: true, Now));

        Assert.Equal("This RSVP is already active.", refused.Message);
    }

    [Fact]
    public void The_reminder_is_recorded_once()
    {
        var rsvp = Answer();
        var first = Now;

        rsvp.MarkReminded(first);
        Clock.Advance(TimeSpan.FromHours(1));
        rsvp.MarkReminded(Now);

        Assert.Equal(first, rsvp.ReminderSentAtUtc);
    }

    [Fact]
    public void Every_change_bumps_the_version()
    {
        var rsvp = Answer();

        rsvp.ChangeParty(2, null, Now);
        rsvp.Cancel(Now);

        Assert.Equal(2, rsvp.Version);
    }
}
