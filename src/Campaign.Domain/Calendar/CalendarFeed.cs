namespace Campaign.Domain.Calendar;

/// <summary>
/// A secret calendar subscription: one per signed-in user (screenings they host or attend) or per guest address
/// (their confirmed RSVPs). The token is the only credential; regenerating replaces it, which revokes the old URL.
/// </summary>
public sealed class CalendarFeed
{
    private CalendarFeed() { }

    public Guid Id { get; private set; }

    /// <summary>Owner when signed in (Identity user id); null for a guest feed.</summary>
    public string? UserId { get; private set; }

    /// <summary>Owner of a guest feed (<see cref="Domain.EmailKey.Of"/>); null for a user feed.</summary>
    public string? EmailKey { get; private set; }

    /// <summary>Secret of the feed URL (at least 128 bits, URL-safe).</summary>
    public string Token { get; private set; } = "";

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When the token last changed.</summary>
    public DateTime TokenIssuedAtUtc { get; private set; }

    /// <summary>A feed for a signed-in user.</summary>
    public static CalendarFeed ForUser(string userId, string token, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return New(userId, null, token, nowUtc);
    }

    /// <summary>A feed for a guest's address (no account).</summary>
    public static CalendarFeed ForGuest(string email, string token, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        return New(null, Domain.EmailKey.Of(email), token, nowUtc);
    }

    /// <summary>Replaces the secret: the old URL stops working at once.</summary>
    /// <exception cref="DomainException">The new token is the old one.</exception>
    public void Regenerate(string token, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        if (string.Equals(token, Token, StringComparison.Ordinal))
        {
            throw new DomainException("A new feed address must differ from the old one.");
        }

        Token = token;
        TokenIssuedAtUtc = nowUtc;
    }

    private static CalendarFeed New(string? userId, string? emailKey, string token, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new CalendarFeed
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            EmailKey = emailKey,
            Token = token,
            CreatedAtUtc = nowUtc,
            TokenIssuedAtUtc = nowUtc,
        };
    }
}
