using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Campaign.Domain;

/// <summary>Why a text was refused as an <see cref="EmailAddress"/>; each caller words it for its own form.</summary>
public enum EmailAddressProblem
{
    /// <summary>The part before the @ is not a dot-atom of 1 to 64 characters (RFC 5322 atext and single inner dots), or the text is empty.</summary>
    NotAnAddress = 0,

    /// <summary>There is no @.</summary>
    MissingAt = 1,

    /// <summary>The part after the @ is not a domain of at least two letter-digit-hyphen labels.</summary>
    BadDomain = 2,

    /// <summary>Longer than 254 characters.</summary>
    TooLong = 3,
}

/// <summary>
/// An address we are willing to mail, by one strict rule used wherever an address comes in (registration, RSVP,
/// invitations, co-hosts): a dot-atom local part (no quotes, comments, brackets or spaces), and a domain of at least
/// two letter-digit-hyphen labels. An internationalised domain is kept in its ASCII form (punycode), which every mail
/// server accepts. Case is kept as typed; <see cref="EmailKey"/> is the form that compares.
/// </summary>
public sealed record EmailAddress
{
    /// <summary>Longest address (RFC 5321's path limit less the angle brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>Longest part before the @ (RFC 5321).</summary>
    public const int LocalPartMaxLength = 64;

    /// <summary>The entities' message when given something that is not an address; a localizer key.</summary>
    public const string NotAnAddressMessage = "This is not an e-mail address.";

    private const string AtextSymbols = "!#$%&'*+/=?^_`{|}~-";

    private EmailAddress(string localPart, string domain)
    {
        LocalPart = localPart;
        Domain = domain;
        Value = localPart + "@" + domain;
    }

    /// <summary>The part before the @, as typed.</summary>
    public string LocalPart { get; }

    /// <summary>The part after the @ in ASCII: punycode (xn--...) for an internationalised domain, otherwise as typed.</summary>
    public string Domain { get; }

    /// <summary>The whole address as it is stored and mailed.</summary>
    public string Value { get; }

    /// <summary>Reads <paramref name="input"/> (surrounding white space ignored); false when it breaks the rule.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out EmailAddress? address) => TryParse(input, out address, out _);

    /// <summary>Reads <paramref name="input"/> (surrounding white space ignored); false, with the reason, when it breaks the rule.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out EmailAddress? address, out EmailAddressProblem problem)
    {
        address = null;
        var text = (input ?? "").Trim();
        var at = text.LastIndexOf('@');
        if (text.Length > MaxLength)
        {
            problem = EmailAddressProblem.TooLong;
            return false;
        }

        if (at < 0)
        {
            problem = text.Length == 0 ? EmailAddressProblem.NotAnAddress : EmailAddressProblem.MissingAt;
            return false;
        }

        var local = text[..at];
        if (local.Length > LocalPartMaxLength || !IsDotAtom(local))
        {
            problem = EmailAddressProblem.NotAnAddress;
            return false;
        }

        var domain = AsciiDomain(text[(at + 1)..]);
        if (domain is null || !IsHostName(domain))
        {
            problem = EmailAddressProblem.BadDomain;
            return false;
        }

        if (local.Length + 1 + domain.Length > MaxLength)
        {
            problem = EmailAddressProblem.TooLong;
            return false;
        }

        problem = default;
        address = new EmailAddress(local, domain);
        return true;
    }

    /// <summary>Reads an address an entity is given.</summary>
    /// <exception cref="DomainException">Not an address by this rule (<see cref="NotAnAddressMessage"/>).</exception>
    public static EmailAddress Parse(string? input) =>
        TryParse(input, out var address) ? address : throw new DomainException(NotAnAddressMessage);

    /// <summary>The stored form, <see cref="Value"/>.</summary>
    public override string ToString() => Value;

    // RFC 5322 dot-atom: atext runs joined by single dots. ASCII only: an address with a non-ASCII local part needs
    // SMTPUTF8 all the way, which we cannot promise.
    private static bool IsDotAtom(string local)
    {
        if (local.Length == 0 || local[0] == '.' || local[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < local.Length; i++)
        {
            var c = local[i];
            var ok = c == '.'
                ? local[i - 1] != '.'
                : char.IsAsciiLetterOrDigit(c) || AtextSymbols.Contains(c, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // An ASCII domain stays as typed (case included); one with other letters goes through IDNA to punycode.
    private static string? AsciiDomain(string domain)
    {
        if (domain.All(char.IsAscii))
        {
            return domain;
        }

        try
        {
            // One mapping per call: IdnMapping does not promise thread safety.
            return new IdnMapping { UseStd3AsciiRules = true }.GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // At least two labels of 1 to 63 letters, digits and hyphens, none starting or ending with a hyphen; a top-level
    // label of digits only would be an IP address, which we do not mail.
    private static bool IsHostName(string domain)
    {
        var labels = domain.Split('.');
        return labels.Length >= 2
            && labels.All(label => label.Length is > 0 and <= 63
                && label[0] != '-' && label[^1] != '-'
                && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
    }
}
