using Campaign.Domain.Screenings;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// The one place that decides how a screening's place is written: the public part (city, region, country) that
/// pages, directory cards and public calendar files may show, and the full address that only confirmed guests see
/// (mails, ticket pages, their own calendar entries). "Online" is the caller's localized word.
/// </summary>
public static class PlaceText
{
    /// <summary>"City, Region, Country": never the street address or the online link.</summary>
    public static string Public(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return string.Join(", ", NonEmpty(s.City, s.Region, Countries.Name(s.CountryCode)));
    }

    /// <summary>The public place, or <paramref name="online"/> (the caller's localized "Online") for an online screening.</summary>
    public static string Public(Screening s, string online)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.IsOnline ? online : Public(s);
    }

    /// <summary>Venue, street, "postal code city", region, country: one line each, empty parts left out.</summary>
    public static IReadOnlyList<string> AddressLines(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return NonEmpty(s.VenueName, s.StreetAddress, string.Join(" ", NonEmpty(s.PostalCode, s.City)), s.Region, Countries.Name(s.CountryCode));
    }

    private static List<string> NonEmpty(params string?[] parts) => [.. parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!)];
}
