using Campaign.Infrastructure.Mail;

namespace Campaign.Domain.Tests.Mail;

public class HeaderSafeTests
{
    [Theory]
    [InlineData("Your screening\r\nBcc: everyone@example.org")]
    [InlineData("Your screening\nBcc: everyone@example.org")]
    [InlineData("Your screening\rBcc: everyone@example.org")]
    public void Line_breaks_cannot_start_a_new_header(string subject)
    {
        var safe = MailSender.HeaderSafe(subject);

        Assert.Equal("Your screening Bcc: everyone@example.org", safe);
    }

    [Fact]
    public void Control_characters_become_single_spaces()
    {
        var safe = MailSender.HeaderSafe("Jane\tDoe\0\u0007\u001b[31m\u007f\u0085Smith");

        Assert.DoesNotContain(safe, char.IsControl);
        Assert.Equal("Jane Doe [31m Smith", safe);
    }

    [Fact]
    public void Surrounding_and_repeated_spaces_are_collapsed()
    {
        Assert.Equal("Screening tonight", MailSender.HeaderSafe("   Screening \r\n\r\n   tonight  "));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\r\n\t")]
    public void Empty_or_blank_value_gives_an_empty_header(string? value)
    {
        Assert.Equal("", MailSender.HeaderSafe(value));
    }

    [Fact]
    public void Long_value_is_capped_at_two_hundred_characters()
    {
        var safe = MailSender.HeaderSafe(new string('a', 500));

        Assert.Equal(200, safe.Length);
    }

    [Fact]
    public void Ordinary_text_passes_unchanged()
    {
        const string subject = "You're in: “Community screening” — Saturday, 14 March, 19:00 EDT";

        Assert.Equal(subject, MailSender.HeaderSafe(subject));
    }

    [Fact]
    public void Capping_the_length_never_splits_an_emoji()
    {
        var subject = new string('a', 199) + "🎬 tail";

        var safe = MailSender.HeaderSafe(subject);

        Assert.Equal(new string('a', 199), safe);
        Assert.False(char.IsHighSurrogate(safe[^1]));
    }
}
