namespace Campaign.Domain.Tests.Addresses;

public class EmailAddressTests
{
    [Theory]
    [InlineData("ana@example.org")]
    [InlineData("ana.b@example.org")]
    [InlineData("first.last+tag@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("x_y-z@a-b.example")]
    [InlineData("!#$%&'*+/=?^_`{|}~-@example.org")]
    [InlineData("a@b.co")]
    [InlineData("user@xn--bcher-kva.example")]
    [InlineData("42@123.example")]
    public void Ordinary_addresses_are_accepted_as_typed(string input)
    {
        Assert.True(EmailAddress.TryParse(input, out var address));
        Assert.Equal(input, address.Value);
        Assert.Equal(input, address.ToString());
    }

    [Fact]
    public void Case_is_kept_as_typed_because_comparing_is_the_key_s_job()
    {
        var address = EmailAddress.Parse("Jane@Example.org");

        Assert.Equal("Jane@Example.org", address.Value);
        Assert.Equal("jane@example.org", EmailKey.Of(address.Value));
    }

    [Fact]
    public void Surrounding_white_space_is_not_part_of_the_address()
    {
        Assert.Equal("ana@example.org", EmailAddress.Parse("  ana@example.org \t").Value);
    }

    [Fact]
    public void An_internationalised_domain_is_stored_as_punycode()
    {
        var address = EmailAddress.Parse("ana@bücher.example");

        Assert.Equal("ana@xn--bcher-kva.example", address.Value);
        Assert.Equal("ana", address.LocalPart);
        Assert.Equal("xn--bcher-kva.example", address.Domain);
    }

    [Fact]
    public void An_internationalised_domain_compares_the_same_in_letters_and_in_punycode()
    {
        Assert.Equal(EmailKey.Of("Ana@xn--bcher-kva.example"), EmailKey.Of("ana@BÜCHER.example"));
    }

    [Theory]
    [InlineData("reg111.@example.com")]
    [InlineData(".ana@example.com")]
    [InlineData("a..b@x.com")]
    [InlineData("a b@example.com")]
    [InlineData("<x>@example.com")]
    [InlineData("a,b@example.com")]
    [InlineData("\"quoted\"@example.com")]
    [InlineData("a(comment)@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("josé@example.com")]
    [InlineData("ana\r\n@example.com")]
    [InlineData("mal@example.org\r\nBcc: evil@example.org")]
    [InlineData("@example.com")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_local_part_that_is_not_a_dot_atom_is_not_an_address(string? input)
    {
        Assert.False(EmailAddress.TryParse(input, out var address, out var problem));
        Assert.Null(address);
        Assert.Equal(EmailAddressProblem.NotAnAddress, problem);
    }

    [Theory]
    [InlineData("x@.example.com")]
    [InlineData("x@example.com.")]
    [InlineData("x@example..com")]
    [InlineData("bob@example")]
    [InlineData("x@")]
    [InlineData("x@-example.com")]
    [InlineData("x@example-.com")]
    [InlineData("x@exa_mple.com")]
    [InlineData("x@[127.0.0.1]")]
    [InlineData("x@1.2.3.4")]
    [InlineData("x@example.com>")]
    public void A_domain_that_is_not_two_or_more_letter_digit_hyphen_labels_is_refused(string input)
    {
        Assert.False(EmailAddress.TryParse(input, out _, out var problem));
        Assert.Equal(EmailAddressProblem.BadDomain, problem);
    }

    [Fact]
    public void Text_without_an_at_sign_is_refused_as_such()
    {
        Assert.False(EmailAddress.TryParse("not-an-address", out _, out var problem));
        Assert.Equal(EmailAddressProblem.MissingAt, problem);
    }

    [Fact]
    public void Addresses_are_at_most_254_characters_with_at_most_64_before_the_at()
    {
        var longest = new string('a', 64) + "@" + string.Join('.', new string('b', 63), new string('c', 63), new string('d', 61));
        Assert.Equal(254, longest.Length);
        Assert.True(EmailAddress.TryParse(longest, out _));

        Assert.False(EmailAddress.TryParse("e" + longest, out _, out var tooLong));
        Assert.Equal(EmailAddressProblem.TooLong, tooLong);
        Assert.False(EmailAddress.TryParse(new string('a', 65) + "@example.org", out _, out var longLocal));
        Assert.Equal(EmailAddressProblem.NotAnAddress, longLocal);
        Assert.False(EmailAddress.TryParse("a@" + new string('b', 64) + ".example", out _, out var longLabel));
        Assert.Equal(EmailAddressProblem.BadDomain, longLabel);
    }

    [Fact]
    public void Parsing_what_is_not_an_address_throws_the_message_users_see()
    {
        var refused = Assert.Throws<DomainException>(() => EmailAddress.Parse("a..b@x.com"));

        Assert.Equal(EmailAddress.NotAnAddressMessage, refused.Message);
    }

    [Fact]
    public void Two_addresses_typed_alike_are_equal()
    {
        Assert.Equal(EmailAddress.Parse("ana@example.org"), EmailAddress.Parse(" ana@example.org"));
        Assert.NotEqual(EmailAddress.Parse("ana@example.org"), EmailAddress.Parse("Ana@example.org"));
    }
}
