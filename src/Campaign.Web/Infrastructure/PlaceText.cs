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

    /// <summary>
    /// Venue, street, then the locality in the country's own order (<see cref="Countries.AddressOrderOf"/>), then the
    /// country: one line each, empty parts left out.
    /// </summary>
    public static IReadOnlyList<string> AddressLines(Screening s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return AddressLines(s.VenueName, s.StreetAddress, s.PostalCode, s.City, s.Region, s.CountryCode);
    }

    public static IReadOnlyList<string> AddressLines(string? venue, string? street, string? postalCode, string? city, string? region, string? countryCode)
    {
        var locality = Countries.AddressOrderOf(countryCode) switch
        {
            // "Evanston, IL 60201"
            AddressOrder.CityRegionPostcode => NonEmpty(string.Join(", ", NonEmpty(city, string.Join(" ", NonEmpty(region, postalCode))))),
            // "London" then "SW1A 1AA"; a county, when given, between them.
            AddressOrder.TownPostcode => NonEmpty(city, region, postalCode),
            // "10115 Berlin"; a region, when given, on its own line.
            AddressOrder.PostcodeCity => NonEmpty(string.Join(" ", NonEmpty(postalCode, city)), region),
            // Anywhere else: "City, Region" then the postal code.
            _ => NonEmpty(string.Join(", ", NonEmpty(city, region)), postalCode),
        };
        return [.. NonEmpty(venue, street), .. locality, .. NonEmpty(Countries.Name(countryCode))];
    }

    /// <summary>The full address on one line (calendar LOCATION, staff lists).</summary>
    public static string AddressLine(Screening s) => string.Join(", ", AddressLines(s));

    private static List<string> NonEmpty(params string?[] parts) => [.. parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim())];
}
