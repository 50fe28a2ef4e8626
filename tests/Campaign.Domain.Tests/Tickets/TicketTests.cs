using Campaign.Domain.Tickets;

namespace Campaign.Domain.Tests.Tickets;

public class TicketTests : AtFixedTime
{
    private Ticket Issue(int number = 2, string? holder = "Ben") =>
        Ticket.Issue(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), number, "Ana\r\nDiaz", holder, "nonce", "code", Now);

    [Fact]
    public void An_issued_ticket_admits_one_person_and_names_stay_on_one_line()
    {
        var ticket = Issue();

        Assert.Equal(TicketStatus.Valid, ticket.Status);
        Assert.Equal("Ana Diaz", ticket.BookerName);
        Assert.Equal("Ben", ticket.HolderName);
        Assert.False(ticket.IsBookers);
        Assert.True(Issue(number: 1).IsBookers);
    }

    [Fact]
    public void A_reissued_ticket_keeps_its_holder_status_and_check_in_with_a_new_code()
    {
        var ticket = Issue();
        ticket.CheckIn(Now, "Door 1");
        var version = ticket.Version;

        ticket.Reissue("fresh-nonce", "FRESHCODE");

        Assert.Equal(("fresh-nonce", "FRESHCODE"), (ticket.Nonce, ticket.Code));
        Assert.Equal(("Ben", TicketStatus.Valid, "Door 1"), (ticket.HolderName, ticket.Status, ticket.CheckedInDoor));
        Assert.True(ticket.Version > version);
        Assert.Throws<ArgumentException>(() => ticket.Reissue(" ", "CODE"));
    }

    [Fact]
    public void A_blank_holder_name_is_no_name()
    {
        Assert.Null(Issue(holder: "  ").HolderName);
    }

    [Fact]
    public void A_ticket_numbers_from_one()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Issue(number: 0));
    }

    [Fact]
    public void The_first_scan_admits_and_records_the_door()
    {
        var ticket = Issue();

        Assert.Equal(CheckInOutcome.Admitted, ticket.CheckIn(Now, " Door\n2 "));

        Assert.Equal(Now, ticket.CheckedInAtUtc);
        Assert.Equal("Door 2", ticket.CheckedInDoor);
    }

    [Fact]
    public void A_second_scan_is_already_checked_in_and_changes_nothing()
    {
        var ticket = Issue();
        ticket.CheckIn(Now, "Door 1");
        var admitted = Now;
        Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(CheckInOutcome.AlreadyCheckedIn, ticket.CheckIn(Now, "Door 2"));

        Assert.Equal(admitted, ticket.CheckedInAtUtc);
        Assert.Equal("Door 1", ticket.CheckedInDoor);
    }

    [Fact]
    public void A_cancelled_ticket_does_not_admit()
    {
        var ticket = Issue();
        ticket.Cancel(Now);

        Assert.Equal(CheckInOutcome.Cancelled, ticket.CheckIn(Now, null));
        Assert.Null(ticket.CheckedInAtUtc);
    }

    [Fact]
    public void Undoing_a_check_in_lets_the_holder_be_scanned_again()
    {
        var ticket = Issue();
        ticket.CheckIn(Now, "Door 1");

        Assert.True(ticket.UndoCheckIn());
        Assert.Null(ticket.CheckedInDoor);
        Assert.False(ticket.UndoCheckIn());
        Assert.Equal(CheckInOutcome.Admitted, ticket.CheckIn(Now, null));
    }

    [Fact]
    public void Cancelling_twice_keeps_the_first_cancellation()
    {
        var ticket = Issue();
        var first = Now;
        ticket.Cancel(first, byHolder: true);
        Clock.Advance(TimeSpan.FromHours(1));

        ticket.Cancel(Now);

        Assert.Equal(TicketStatus.Cancelled, ticket.Status);
        Assert.Equal(first, ticket.CancelledAtUtc);
        Assert.True(ticket.ReleasedByHolder);
        Assert.Equal(1, ticket.Version);
    }
}
