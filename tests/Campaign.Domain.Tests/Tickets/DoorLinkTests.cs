using Campaign.Domain.Tickets;

namespace Campaign.Domain.Tests.Tickets;

public class DoorLinkTests : AtFixedTime
{
    [Fact]
    public void A_door_link_is_named_on_one_line()
    {
        var link = DoorLink.Create(Guid.NewGuid(), "  Door\r\n2 ", "secret", Now);

        Assert.Equal("Door 2", link.Name);
        Assert.Null(link.RevokedAtUtc);
    }

    [Fact]
    public void A_door_link_needs_a_name()
    {
        var refused = Assert.Throws<DomainException>(() => DoorLink.Create(Guid.NewGuid(), " \t ", "secret", Now));

        Assert.Equal("Give the door link a name, e.g. \"Door 2\".", refused.Message);
    }

    [Fact]
    public void A_link_opens_the_scanner_until_it_expires()
    {
        var link = DoorLink.Create(Guid.NewGuid(), "Door 2", "secret", Now);
        var expires = Now.AddHours(6);

        Assert.True(link.IsOpen(Now, expires));
        Assert.False(link.IsOpen(expires, expires));
    }

    [Fact]
    public void A_revoked_link_opens_nothing_and_revoking_again_keeps_the_first_time()
    {
        var link = DoorLink.Create(Guid.NewGuid(), "Door 2", "secret", Now);
        var revoked = Now;
        link.Revoke(revoked);
        Clock.Advance(TimeSpan.FromMinutes(1));

        link.Revoke(Now);

        Assert.Equal(revoked, link.RevokedAtUtc);
        Assert.False(link.IsOpen(Now, Now.AddDays(1)));
    }

    [Fact]
    public void A_co_host_is_added_by_a_valid_address_kept_as_typed()
    {
        var coHost = CoHost.Add(Guid.NewGuid(), " Bea@Example.org ", Now);

        Assert.Equal("Bea@Example.org", coHost.Email);
        Assert.Equal("bea@example.org", coHost.EmailKey);
        Assert.Throws<DomainException>(() => CoHost.Add(Guid.NewGuid(), "bea@example", Now));
    }
}
