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
}
