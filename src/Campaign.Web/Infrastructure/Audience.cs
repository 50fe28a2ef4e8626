namespace Campaign.Web.Infrastructure;

/// <summary>
/// Who an endpoint is for. Every endpoint declares one (<see cref="AudienceAttribute"/>); the authorization matrix test
/// (tests/Campaign.Web.Tests/Platform/Proof) is built from these declarations, tries each endpoint as owner, co-host,
/// another host, a door link of another screening, staff without two-factor and anonymous, and fails for an endpoint that
/// declares none. The declaration does not grant anything: [Authorize] and <see cref="ScreeningAccess"/> do; the test
/// proves that what they do matches what is declared here.
/// </summary>
public enum Audience
{
    /// <summary>Anyone, signed in or not: public pages, the account forms, error and health endpoints.</summary>
    Anyone,

    /// <summary>
    /// Whoever holds the secret in the link: a guest's manage link, ticket code, invitation, unsubscribe, calendar feed, a
    /// door link's own page, a mailed confirm or reset link. The secret is the key; without it the endpoint answers 404.
    /// </summary>
    LinkHolder,

    /// <summary>Any signed-in account (a host's own pages: my screenings, new screening, account settings).</summary>
    SignedIn,

    /// <summary>The screening's host, its co-hosts and staff (ScreeningRight.See).</summary>
    ScreeningTeam,

    /// <summary>The screening's host and co-hosts (ScreeningRight.Manage).</summary>
    ScreeningManagers,

    /// <summary>The screening's host alone (ScreeningRight.Own).</summary>
    ScreeningOwner,

    /// <summary>The screening's door: a door link of this screening, or its host, co-hosts and staff.</summary>
    Door,

    /// <summary>Someone halfway through logging in (password given, second factor pending); anyone else is sent to log in.</summary>
    SigningIn,

    /// <summary>Nobody directly: the pipeline re-executes it (the error pages); a direct visit is 404.</summary>
    Pipeline,

    /// <summary>Staff: an account on Campaign:StaffEmails signed in with two factors (in Development the mail viewer is open).</summary>
    Staff,
}

/// <summary>Declares an endpoint's <see cref="Audience"/> (endpoint metadata, read by the authorization matrix test).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AudienceAttribute(Audience audience) : Attribute
{
    public Audience Audience { get; } = audience;
}
