using System.Text;

namespace Campaign.Domain;

/// <summary>The one place that decides what user-typed text may contain before it is stored or mailed.</summary>
public static class PlainText
{
    /// <summary>One line: control characters (CR, LF, tab...) become spaces and runs of spaces collapse. Null gives "".</summary>
    public static string SingleLine(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var chars = value.Select(c => char.IsControl(c) ? ' ' : c).ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary><see cref="SingleLine(string?)"/> cut to at most <paramref name="maxLength"/> characters, never inside a surrogate pair.</summary>
    public static string SingleLine(string? value, int maxLength)
    {
        var clean = SingleLine(value);
        if (clean.Length <= maxLength)
        {
            return clean;
        }

        var cut = char.IsHighSurrogate(clean[maxLength - 1]) ? maxLength - 1 : maxLength;
        return clean[..cut].TrimEnd();
    }

    /// <summary>Several lines: line breaks become LF, tabs stay, other control characters become spaces; trimmed. Null or blank gives null.</summary>
    public static string? MultiLine(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(c is '\n' or '\t' || !char.IsControl(c) ? c : ' ');
        }

        return clean.ToString().Trim();
    }
}
