namespace Campaign.Domain.Screenings;

/// <summary>Where a screening happens: a venue with an address, or an online link.</summary>
public sealed record ScreeningPlace
{
    /// <summary>True for an online screening (then <see cref="OnlineUrl"/> is set and the address is empty).</summary>
    public bool IsOnline { get; init; }

    /// <summary>Venue name, e.g. "Community Hall".</summary>
    public string? VenueName { get; init; }

    /// <summary>Street and number; private to guests, hosts and staff.</summary>
    public string? StreetAddress { get; init; }

    /// <summary>City; public.</summary>
    public string? City { get; init; }

    /// <summary>Region, state or province; public.</summary>
    public string? Region { get; init; }

    /// <summary>Postal code; private to guests, hosts and staff, used for directory filtering by prefix.</summary>
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 alpha-2 country code, upper case.</summary>
    public string? CountryCode { get; init; }

    /// <summary>Link to the online screening; private to guests, hosts and staff.</summary>
    public string? OnlineUrl { get; init; }

    public static ScreeningPlace Venue(string venueName, string streetAddress, string city, string? region, string? postalCode, string countryCode) =>
        new()
        {
            VenueName = venueName,
            StreetAddress = streetAddress,
            City = city,
            Region = region,
            PostalCode = postalCode,
            CountryCode = countryCode.ToUpperInvariant(),
        };

    public static ScreeningPlace Online(string url) => new() { IsOnline = true, OnlineUrl = url };
}

/// <summary>Everything a host can set on a screening, validated by the web layer before it reaches the entity.</summary>
public sealed record ScreeningDetails
{
    public required string Title { get; init; }

    /// <summary>Free-text description (plain text).</summary>
    public string? Description { get; init; }

    public required DateTime StartUtc { get; init; }

    /// <summary>Wall-clock start in the screening's zone (for filtering by local date).</summary>
    public required DateTime StartLocal { get; init; }

    public required DateTime EndUtc { get; init; }

    /// <summary>IANA zone the screening happens in, e.g. America/New_York.</summary>
    public required string TimeZoneId { get; init; }

    /// <summary>Venue or online link.</summary>
    public required ScreeningPlace Place { get; init; }

    /// <summary>Number of seats, 1 to 10,000.</summary>
    public required int Capacity { get; init; }

    /// <summary>Last moment guests may RSVP, in UTC; null means until the start.</summary>
    public DateTime? RsvpDeadlineUtc { get; init; }

    /// <summary>How many extra people one guest may bring.</summary>
    public int MaxPlusOnes { get; init; }

    /// <summary>Step-free access, captions, quiet room...</summary>
    public string? AccessibilityNotes { get; init; }

    /// <summary>Content warning shown before guests RSVP.</summary>
    public string? ContentNote { get; init; }

    /// <summary>Public (listed after approval) or unlisted (link only).</summary>
    public ScreeningVisibility Visibility { get; init; }

    /// <summary>The name shown as "Hosted by" on the public page and in calendar entries; blank shows none.</summary>
    public string? HostedByName { get; init; }

    /// <summary>What the host hears when guests answer.</summary>
    public HostNotice HostNotice { get; init; }

    /// <summary>Show the public the number of seats left ("17 of 50"), not only available / almost full / full.</summary>
    public bool ShowSeatsLeft { get; init; }
    /// <summary>Discreet mode: guests see <see cref="NeutralTitle"/> instead of the title and the film's subject.</summary>
    public bool Discreet { get; init; }

    /// <summary>The neutral title; blank gives <see cref="Screening.DefaultNeutralTitle"/>.</summary>
    public string? NeutralTitle { get; init; }
}
