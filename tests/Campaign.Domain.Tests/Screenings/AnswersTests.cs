using Campaign.Domain.Screenings;

namespace Campaign.Domain.Tests.Screenings;

public class AnswersTests : AtFixedTime
{
    [Fact]
    public void Without_a_deadline_answers_are_taken_until_the_start()
    {
        var screening = Given.Unlisted(Now);

        Assert.Equal(screening.StartUtc, screening.AnswerDeadlineUtc);
        Assert.True(screening.TakesAnswers(screening.StartUtc.AddTicks(-1)));
        Assert.False(screening.TakesAnswers(screening.StartUtc));
    }

    [Fact]
    public void The_host_s_deadline_closes_answers_before_the_start()
    {
        var details = Given.Details(Now);
        var screening = Screening.Create(Given.HostId, details with { RsvpDeadlineUtc = details.StartUtc.AddDays(-1) }, hostIsTrusted: true, Now);

        Assert.Equal(details.StartUtc.AddDays(-1), screening.AnswerDeadlineUtc);
        Assert.True(screening.TakesAnswers(screening.AnswerDeadlineUtc.AddTicks(-1)));
        Assert.False(screening.TakesAnswers(screening.AnswerDeadlineUtc));
    }

    [Fact]
    public void A_cancelled_screening_takes_no_answers()
    {
        var screening = Given.Listed(Now);

        screening.Cancel(null, Now);

        Assert.False(screening.TakesAnswers(Now));
    }

    [Fact]
    public void The_query_filter_for_taking_answers_agrees_with_the_entity()
    {
        var open = Given.Listed(Now);
        var cancelled = Given.Listed(Now);
        cancelled.Cancel(null, Now);
        var filter = Screening.TakingAnswersAt(Now).Compile();

        Assert.True(filter(open));
        Assert.False(filter(cancelled));
        Assert.False(Screening.TakingAnswersAt(open.StartUtc).Compile()(open));
    }
}
