namespace Campaign.Web.Infrastructure;

/// <summary>LIKE patterns built from user input match it literally (case-insensitively on SQLite and SQL Server's default collation).</summary>
public static class LikeText
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
}

public static class SingleLineText
{
    /// <summary>Single-line fields never keep line breaks or other control characters; runs of spaces collapse.</summary>
    public static string Clean(string? value) => Campaign.Domain.PlainText.SingleLine(value);
}
