using Campaign.Infrastructure.Mail;
using MimeKit;

namespace Campaign.Domain.Tests.Mail;

/// <summary>Every address the rule accepts is one the mail sender reads back as the very same mailbox.</summary>
public class EmailAddressMimeKitTests
{
    /// <summary>Inputs from forms and pasted lists: ordinary, unusual but valid, and broken ones.</summary>
    private static readonly string[] Inputs =
    [
        "ana@example.org",
        "Jane@Example.org",
        "ana.b@example.org",
        "first.last+tag@mail.example.co.uk",
        "o'brien@example.ie",
        "x_y-z@a-b.example",
        "!#$%&'*+/=?^_`{|}~-@example.org",
        "a@b.co",
        "42@123.example",
        "ana@bücher.example",
        "ANA@BÜCHER.EXAMPLE",
        "user@xn--bcher-kva.example",
        "пример@example.org",
        "ana@пример.испытание",
        new string('a', 64) + "@" + string.Join('.', new string('b', 63), new string('c', 63), new string('d', 61)),
        "x@.example.com",
        "reg111.@example.com",
        "a..b@x.com",
        "a b@example.com",
        "<x>@example.com",
        "a,b@example.com",
        "\"a b\"@example.com",
        "a(comment)@example.com",
        "a@[127.0.0.1]",
        "a@b@example.com",
        "Ana <ana@example.org>",
        "@route.example:ana@example.org",
        "ana@example.org\r\nBcc: evil@example.org",
        "ana@example",
        "ana@-example.com",
        "ana@exa_mple.com",
        "not-an-address",
        "",
    ];

    public static TheoryData<string> Corpus
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var input in Inputs)
            {
                data.Add(input);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void An_accepted_address_parses_with_MimeKit_to_the_same_mailbox(string input)
    {
        if (!EmailAddress.TryParse(input, out var address))
        {
            return;
        }

        Assert.True(MailboxAddress.TryParse(MailSender.AddressParsing, address.Value, out var mailbox), $"MimeKit cannot read {address.Value}");
        // MimeKit shows an internationalised domain in letters; on the wire (idnEncode) it is our punycode again.
        Assert.Equal(address.Value, mailbox.GetAddress(idnEncode: true));
        Assert.Equal(address.LocalPart, mailbox.LocalPart);
        Assert.Empty(mailbox.Route);
        Assert.True(string.IsNullOrEmpty(mailbox.Name));
    }

    [Theory]
    [InlineData("x@.example.com")]
    [InlineData("reg111.@example.com")]
    [InlineData("a..b@x.com")]
    [InlineData("a b@example.com")]
    [InlineData("<x>@example.com")]
    [InlineData("a,b@example.com")]
    public void Addresses_MimeKit_would_read_differently_or_not_at_all_are_refused(string input)
    {
        Assert.False(EmailAddress.TryParse(input, out _));
    }

    [Fact]
    public void An_internationalised_domain_is_stored_in_the_form_MimeKit_sends()
    {
        var address = EmailAddress.Parse("ana@bücher.example");

        Assert.True(MailboxAddress.TryParse(MailSender.AddressParsing, address.Value, out var mailbox));
        Assert.Equal("ana@xn--bcher-kva.example", mailbox.GetAddress(idnEncode: true));
        Assert.Equal("ana@bücher.example", mailbox.Address);
    }

    [Fact]
    public void The_corpus_holds_accepted_and_refused_addresses()
    {
        var accepted = Inputs.Count(input => EmailAddress.TryParse(input, out _));

        Assert.InRange(accepted, 10, Inputs.Length - 10);
    }
}
