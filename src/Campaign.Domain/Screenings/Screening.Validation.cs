namespace Campaign.Domain.Screenings;

/// <summary>The rules a screening's details must keep, all at once (for messages beside form fields) or as a guard.</summary>
public sealed partial class Screening
{
    /// <summary>Checks the details against the rules: one message per field that breaks one; empty when valid.</summary>
    public static IReadOnlyDictionary<string, string> Check(ScreeningDetails details, DateTime nowUtc, int seatsTaken, bool requireFutureStart)
    {
        ArgumentNullException.ThrowIfNull(details);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(details.Title))
        {
            errors[nameof(details.Title)] = "Give the screening a title.";
        }
        else if (details.Title.Length > TitleMaxLength)
        {
            errors[nameof(details.Title)] = $"The title can be at most {TitleMaxLength} characters.";
        }

        if (details.Description?.Length > DescriptionMaxLength)
        {
            errors[nameof(details.Description)] = $"The description can be at most {DescriptionMaxLength} characters.";
        }

        if (details.EndUtc <= details.StartUtc)
        {
            errors[nameof(details.EndUtc)] = "The end must be after the start.";
        }
        else if (details.EndUtc - details.StartUtc > TimeSpan.FromHours(24))
        {
            errors[nameof(details.EndUtc)] = "A screening can last at most 24 hours.";
        }

        if (requireFutureStart && details.StartUtc <= nowUtc)
        {
            errors[nameof(details.StartUtc)] = "The start must be in the future.";
        }

        if (details.Capacity < 1 || details.Capacity > MaxCapacity)
        {
            errors[nameof(details.Capacity)] = $"Capacity must be between 1 and {MaxCapacity:N0}.";
        }
        else if (details.Capacity < seatsTaken)
        {
            errors[nameof(details.Capacity)] = $"{seatsTaken} seats are already taken; capacity cannot be lower.";
        }

        if (details.MaxPlusOnes < 0 || details.MaxPlusOnes > MaxPlusOnesLimit)
        {
            errors[nameof(details.MaxPlusOnes)] = $"Plus-ones must be between 0 and {MaxPlusOnesLimit}.";
        }

        if (details.RsvpDeadlineUtc is { } deadline && deadline > details.StartUtc)
        {
            errors[nameof(details.RsvpDeadlineUtc)] = "The RSVP deadline cannot be after the start.";
        }

        if (details.AccessibilityNotes?.Length > NotesMaxLength)
        {
            errors[nameof(details.AccessibilityNotes)] = $"Accessibility notes can be at most {NotesMaxLength} characters.";
        }

        if (PlainText.SingleLine(details.HostedByName).Length > HostedByMaxLength)
        {
            errors[nameof(details.HostedByName)] = $"The name can be at most {HostedByMaxLength} characters.";
        }

        if (PlainText.SingleLine(details.NeutralTitle).Length > NeutralTitleMaxLength)
        {
            errors[nameof(details.NeutralTitle)] = $"The neutral title can be at most {NeutralTitleMaxLength} characters.";
        }

        if (!Enum.IsDefined(details.HostNotice))
        {
            errors[nameof(details.HostNotice)] = "Choose how you want to hear about answers.";
        }

        if (details.ContentNote?.Length > NotesMaxLength)
        {
            errors[nameof(details.ContentNote)] = $"The content note can be at most {NotesMaxLength} characters.";
        }

        var place = details.Place;
        if (place.IsOnline)
        {
            if (!Uri.TryCreate(place.OnlineUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors[nameof(place.OnlineUrl)] = "Give the online link as a full web address (https://...).";
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(place.VenueName))
            {
                errors[nameof(place.VenueName)] = "Give the venue's name.";
            }

            if (string.IsNullOrWhiteSpace(place.StreetAddress))
            {
                errors[nameof(place.StreetAddress)] = "Give the street address (only guests will see it).";
            }

            if (string.IsNullOrWhiteSpace(place.City))
            {
                errors[nameof(place.City)] = "Give the city.";
            }

            if (string.IsNullOrWhiteSpace(place.CountryCode) || place.CountryCode.Length != 2 || !place.CountryCode.All(char.IsAsciiLetterUpper))
            {
                errors[nameof(place.CountryCode)] = "Choose a country.";
            }
        }

        return errors;
    }

    private static void Validate(ScreeningDetails details, DateTime nowUtc, int seatsTaken, bool requireFutureStart)
    {
        var errors = Check(details, nowUtc, seatsTaken, requireFutureStart);
        if (errors.Count > 0)
        {
            throw new DomainException(string.Join(" ", errors.Values));
        }
    }
}
