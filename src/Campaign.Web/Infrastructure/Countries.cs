using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Campaign.Web.Infrastructure;

/// <summary>ISO 3166 countries known to the runtime's ICU data.</summary>
internal static class Countries
{
    public static IReadOnlyDictionary<string, string> All { get; } = CultureInfo.GetCultures(CultureTypes.SpecificCultures)
        .Select(c =>
        {
            try
            {
                return new RegionInfo(c.Name);
            }
            catch (ArgumentException)
            {
                return null;
            }
        })
        .OfType<RegionInfo>()
        .Where(r => r.TwoLetterISORegionName.Length == 2 && r.TwoLetterISORegionName.All(char.IsAsciiLetterUpper))
        .DistinctBy(r => r.TwoLetterISORegionName)
        .OrderBy(r => r.EnglishName, StringComparer.Ordinal)
        .ToDictionary(r => r.TwoLetterISORegionName, r => r.EnglishName, StringComparer.Ordinal);

    /// <summary>How the country writes the line after the street (the common postal conventions; generic elsewhere).</summary>
    public static AddressOrder AddressOrderOf(string? code) => (code ?? "").ToUpperInvariant() switch
    {
        "US" or "CA" => AddressOrder.CityRegionPostcode,
        "GB" => AddressOrder.TownPostcode,
        "DE" or "FR" or "ES" or "IT" or "NL" or "AT" or "CH" or "BE" => AddressOrder.PostcodeCity,
        _ => AddressOrder.Generic,
    };

    public static string Name(string? code) => code is not null && All.TryGetValue(code, out var name) ? name : code ?? "";

    public static IEnumerable<SelectListItem> Options(string emptyLabel) =>
        new[] { new SelectListItem(emptyLabel, "") }.Concat(All.Select(c => new SelectListItem(c.Value, c.Key)));
}

/// <summary>The order of city, region and postal code after the street.</summary>
public enum AddressOrder
{
    /// <summary>"City, Region", then the postal code on its own line.</summary>
    Generic,

    /// <summary>US and Canada: "City, ST ZIP".</summary>
    CityRegionPostcode,

    /// <summary>United Kingdom: town, then the postcode on its own line.</summary>
    TownPostcode,

    /// <summary>Germany, France, Spain, Italy, the Netherlands (and neighbours): "postcode city".</summary>
    PostcodeCity,
}
