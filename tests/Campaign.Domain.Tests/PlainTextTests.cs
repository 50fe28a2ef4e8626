namespace Campaign.Domain.Tests;

public class PlainTextTests
{
    [Fact]
    public void Single_line_text_keeps_no_line_breaks_or_control_characters()
    {
        Assert.Equal("Eve Bcc: x@example.org <b>", PlainText.SingleLine("Eve\r\nBcc: x@example.org\t<b>\u0007"));
        Assert.Equal("", PlainText.SingleLine(null));
    }

    [Fact]
    public void Multi_line_text_keeps_lines_as_lf_and_drops_other_control_characters()
    {
        Assert.Equal("Parking at the back.\nBring\tID.\n\nSee you", PlainText.MultiLine("  Parking at the back.\r\nBring\tID.\r\rSee you\u0000 "));
        Assert.Null(PlainText.MultiLine(" \r\n "));
    }
}
