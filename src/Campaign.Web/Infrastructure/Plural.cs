using System.Globalization;
using Microsoft.AspNetCore.Mvc.Localization;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// A count in a sentence ("1 party", "3 parties"): both forms are localizer keys, so a translation supplies both, and the
/// form is chosen by the current UI culture's plural rule. The arguments default to the count itself ({0}); when a
/// sentence holds more than one value, pass them all and say which one the noun agrees with as <c>count</c>.
/// </summary>
public static class PluralExtensions
{
    public static LocalizedString Plural(this IStringLocalizer localizer, int count, string one, string other, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[PluralRule.Choose(count, one, other), Arguments(count, arguments)];
    }

    /// <summary>For markup: the arguments are HTML-encoded, the resource text is not.</summary>
    public static LocalizedHtmlString Plural(this IHtmlLocalizer localizer, int count, string one, string other, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[PluralRule.Choose(count, one, other), Arguments(count, arguments)];
    }

    /// <summary>For attributes and other plain text (a field's hint, a data- attribute).</summary>
    public static string PluralText(this IHtmlLocalizer localizer, int count, string one, string other, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer.GetString(PluralRule.Choose(count, one, other), Arguments(count, arguments)).Value;
    }

    private static object[] Arguments(int count, object[] arguments) => arguments.Length == 0 ? [count] : arguments;
}

/// <summary>CLDR's "one" category for the languages this site is written or planned in; everything else is "other".</summary>
public static class PluralRule
{
    public static string Choose(int count, string one, string other) => IsOne(count, CultureInfo.CurrentUICulture) ? one : other;

    public static bool IsOne(int count, CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName switch
        {
            // French and Portuguese (Brazil) count 0 as "one" too ("0 place restante").
            "fr" or "pt" => count is 0 or 1,
            // English, Spanish, German, Italian, Dutch... A language with "few"/"many" forms needs more keys (ADR 0017).
            _ => count == 1,
        };
    }
}
