using System.ComponentModel.DataAnnotations;
using Campaign.Domain;
using Microsoft.AspNetCore.Identity;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// The field holds an address by the one rule (<see cref="EmailAddress"/>); an empty field passes, that is
/// <c>[Required]</c>'s to refuse. It is an e-mail data type, so inputs still render as <c>type="email"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class EmailAttribute : DataTypeAttribute
{
    public EmailAttribute()
        : base(DataType.EmailAddress) => ErrorMessage = EmailAddress.NotAnAddressMessage;

    public override bool IsValid(object? value) => value switch
    {
        null => true,
        string text => text.Length == 0 || EmailAddress.TryParse(text, out _),
        _ => false,
    };
}

/// <summary>
/// Identity finds accounts by the stored form of an address (<see cref="EmailAddress.Value"/>: an internationalised
/// domain in punycode), so signing in with ana@bücher.example finds the account registered under either spelling.
/// Anything else (role names, addresses the rule refuses) is normalised as Identity's default does.
/// </summary>
public sealed class EmailLookupNormalizer : ILookupNormalizer
{
    private readonly UpperInvariantLookupNormalizer fallback = new();

    public string? NormalizeName(string? name) => fallback.NormalizeName(Stored(name));

    public string? NormalizeEmail(string? email) => fallback.NormalizeEmail(Stored(email));

    private static string? Stored(string? value) => EmailAddress.TryParse(value, out var address) ? address.Value : value;
}
