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

    public static string Name(string? code) => code is not null && All.TryGetValue(code, out var name) ? name : code ?? "";

    public static IEnumerable<SelectListItem> Options(string emptyLabel) =>
        new[] { new SelectListItem(emptyLabel, "") }.Concat(All.Select(c => new SelectListItem(c.Value, c.Key)));
}
