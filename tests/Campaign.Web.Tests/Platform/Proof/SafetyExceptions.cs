namespace Campaign.Web.Tests.Platform.Proof;

/// <summary>
/// The one list of deliberate exceptions to "every unsafe request carries a valid antiforgery token" and "GET and HEAD change
/// nothing", each with its reason. Both rules' tests read it, and <see cref="SafeMethodTests"/> proves that every entry names
/// a real endpoint and that the protection given as its reason holds.
/// </summary>
public static class SafetyExceptions
{
    public const string Antiforgery = "antiforgery";
    public const string GetChangesNothing = "get-changes-nothing";

    public sealed record Entry(string Method, string Pattern, string Rule, string Reason);

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("POST", "/api/checkin", Antiforgery,
            "The door's JSON API: every call authenticates itself (the X-Door-Token header of a door link, or the host's cookie " +
            "with a JSON body no form can send), and a call without either is refused with 401."),
        new("POST", "/api/checkin/manual", Antiforgery, "The door's JSON API (as /api/checkin)."),
        new("POST", "/api/checkin/undo", Antiforgery, "The door's JSON API (as /api/checkin)."),
        new("POST", "/api/checkin/walk-in", Antiforgery, "The door's JSON API (as /api/checkin): \"Add walk-in\"."),
        new("POST", "/unsubscribe/{token}", Antiforgery,
            "RFC 8058 one-click unsubscribe: a mail client posts List-Unsubscribe=One-Click with no cookie and no token. The page's " +
            "own button posts without that field, and its antiforgery token is checked by hand."),
        new("POST", "/error", Antiforgery, "The error page, where a refused POST is re-executed to show its reason; it changes nothing."),
        new("POST", "/error/{code:int}", Antiforgery, "The error page (as /error)."),
    ];

    public static bool Excepts(string rule, AppEndpoint endpoint) =>
        All.Any(e => e.Rule == rule && e.Method == endpoint.Method && e.Pattern == endpoint.Pattern);
}
