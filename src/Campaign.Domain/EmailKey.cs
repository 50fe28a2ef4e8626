namespace Campaign.Domain;

/// <summary>The form of an e-mail address used to compare and index it.</summary>
public static class EmailKey
{
    /// <summary>
    /// Trimmed and lower-cased (invariant): Ana@Example.org and ana@example.org are one person. An address the rule
    /// accepts is first put in its stored form (<see cref="EmailAddress.Value"/>), so an internationalised domain
    /// compares the same typed in letters or in punycode.
    /// </summary>
    public static string Of(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var stored = EmailAddress.TryParse(email, out var address) ? address.Value : email.Trim();
        return stored.ToLowerInvariant();
    }
}
