namespace Campaign.Domain;

/// <summary>The form of an e-mail address used to compare and index it.</summary>
public static class EmailKey
{
    /// <summary>Trimmed and lower-cased (invariant): Ana@Example.org and ana@example.org are one person.</summary>
    public static string Of(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }
}
