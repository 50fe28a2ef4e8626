using Campaign.Domain.Rsvps;
using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class WalkInTests : AtFixedTime
{
    [Fact]
    public void Walk_ins_are_taken_from_an_hour_before_the_start_until_the_end_whatever_the_rsvp_deadline()
    {
        var details = Given.Details(Now);
        var screening = Screening.Create(Given.HostId, details with { RsvpDeadlineUtc = details.StartUtc.AddDays(-1) }, hostIsTrusted: true, Now);

        Assert.False(screening.TakesWalkIns(screening.StartUtc.AddHours(-1).AddTicks(-1)));
        Assert.True(screening.TakesWalkIns(screening.StartUtc.AddHours(-1)));
        Assert.False(screening.TakesAnswers(screening.StartUtc.AddHours(-1)));
        Assert.True(screening.TakesWalkIns(screening.EndUtc.AddTicks(-1)));
        Assert.False(screening.TakesWalkIns(screening.EndUtc));
    }

    [Fact]
    public void A_cancelled_screening_takes_no_walk_ins()
    {
        var screening = Given.Listed(Now);
        var during = screening.StartUtc.AddMinutes(10);

        screening.Cancel(null, Now);

        Assert.False(screening.TakesWalkIns(during));
    }

    [Fact]
    public void The_query_filter_for_walk_ins_agrees_with_the_entity()
    {
        var screening = Given.Listed(Now);

        foreach (var at in new[] { screening.StartUtc.AddHours(-2), screening.StartUtc.AddMinutes(-30), screening.StartUtc.AddMinutes(30), screening.EndUtc })
        {
            Assert.Equal(screening.TakesWalkIns(at), Screening.TakingWalkInsAt(at).Compile()(screening));
        }
    }

    [Fact]
    public void The_closed_reason_names_too_early_over_and_cancelled_and_is_null_exactly_when_walk_ins_are_taken()
    {
        var screening = Given.Listed(Now);
        Assert.Equal(WalkInsClosed.NotYet, screening.WalkInsClosedAt(screening.StartUtc.AddHours(-1).AddTicks(-1)));
        Assert.Null(screening.WalkInsClosedAt(screening.StartUtc.AddHours(-1)));
        Assert.Equal(WalkInsClosed.Over, screening.WalkInsClosedAt(screening.EndUtc));
        foreach (var at in new[] { screening.StartUtc.AddHours(-3), screening.StartUtc, screening.EndUtc.AddTicks(-1), screening.EndUtc.AddDays(1) })
        {
            Assert.Equal(screening.TakesWalkIns(at), screening.WalkInsClosedAt(at) is null);
        }

        screening.Cancel(null, Now);
        Assert.Equal(WalkInsClosed.Cancelled, screening.WalkInsClosedAt(screening.StartUtc));
    }

    [Fact]
    public void Every_screening_has_its_own_poster_code_and_a_new_one_replaces_it()
    {
        var first = Given.Listed(Now);
        var second = Given.Listed(Now);
        Assert.Matches("^[0-9a-f]{24}$", first.WalkInToken);
        Assert.NotEqual(first.WalkInToken, second.WalkInToken);

        var old = first.WalkInToken;
        first.ReplaceWalkInToken();
        Assert.Matches("^[0-9a-f]{24}$", first.WalkInToken);
        Assert.NotEqual(old, first.WalkInToken);
    }

    [Fact]
    public void A_walk_in_without_an_address_has_none_and_a_key_that_matches_no_address()
    {
        var screening = Given.Listed(Now);
        var a = Rsvp.CreateWalkIn(screening.Id, "Ana", null, 2, RsvpStatus.Confirmed, "tokentokentokentokentoke", RsvpSource.Door, Now);
        var b = Rsvp.CreateWalkIn(screening.Id, "Ana", "  ", 1, RsvpStatus.Confirmed, "tokentokentokentokentokf", RsvpSource.Poster, Now);

        Assert.False(a.HasAddress);
        Assert.Equal("", a.Email);
        Assert.True(a.IsWalkIn);
        Assert.StartsWith(Rsvp.NoAddressKeyPrefix, a.EmailKey, StringComparison.Ordinal);
        Assert.NotEqual(a.EmailKey, b.EmailKey);
        Assert.DoesNotContain('@', a.EmailKey);
        Assert.Equal(2, a.SeatsHeld);
    }

    [Fact]
    public void A_walk_in_with_an_address_is_like_an_answer_and_only_it_may_wait_for_a_seat()
    {
        var screening = Given.Listed(Now);
        var withAddress = Rsvp.CreateWalkIn(screening.Id, "Bo", "Bo@Example.org", 1, RsvpStatus.Waitlisted, "tokentokentokentokentoke", RsvpSource.Poster, Now);
        Assert.True(withAddress.HasAddress);
        Assert.Equal(EmailKey.Of("bo@example.org"), withAddress.EmailKey);
        Assert.Equal(RsvpStatus.Waitlisted, withAddress.Status);

        Assert.Throws<DomainException>(() => Rsvp.CreateWalkIn(screening.Id, "Cy", null, 1, RsvpStatus.Waitlisted, "tokentokentokentokentoke", RsvpSource.Poster, Now));
        Assert.Throws<DomainException>(() => Rsvp.CreateWalkIn(screening.Id, "Cy", "not an address", 1, RsvpStatus.Confirmed, "tokentokentokentokentoke", RsvpSource.Poster, Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => Rsvp.CreateWalkIn(screening.Id, "Cy", null, 1, RsvpStatus.Confirmed, "tokentokentokentokentoke", RsvpSource.Answer, Now));
    }

    [Fact]
    public void A_cancelled_walk_in_without_an_address_cannot_come_back_through_its_link()
    {
        var screening = Given.Listed(Now);
        var walkIn = Rsvp.CreateWalkIn(screening.Id, "Ana", null, 1, RsvpStatus.Confirmed, "tokentokentokentokentoke", RsvpSource.Poster, Now);
        walkIn.Cancel(Now);

        Assert.False(walkIn.CanComeBack);
        var refused = Assert.Throws<DomainException>(() => walkIn.Reconfirm(1, seatsTaken: true, Now));
        Assert.Equal(Rsvp.NoAddressMessage, refused.Message);
    }
}
