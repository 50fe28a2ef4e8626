using System.Globalization;
using System.Threading.RateLimiting;
using Campaign.Infrastructure.Configuration;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Named rate-limit policies for <c>[EnableRateLimiting(...)]</c>. Limits come from <c>RateLimits:*</c>
/// (<see cref="RateLimitsOptions"/>); a refused request gets 429 with Retry-After, and either the error page or
/// <c>{"error": "..."}</c> when the client asked for JSON.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>RSVP forms: counted per client IP address (guests are not signed in).</summary>
    public const string Rsvp = "rsvp";

    /// <summary>The door poster's walk-in form: counted per client IP address, with a higher limit (a queue shares the venue's Wi-Fi).</summary>
    public const string WalkIn = "walk-in";

    /// <summary>Invitations and messages to guests: counted per signed-in user.</summary>
    public const string Invite = "invite";

    /// <summary>The door's API: counted per signed-in user or per door link (the X-Door-Token header), never per IP.</summary>
    public const string CheckIn = "checkin";

    /// <summary>Log-in posts (password, two-factor, recovery code): counted per client IP address.</summary>
    public const string Login = "login";

    /// <summary>Registrations: counted per client IP address.</summary>
    public const string Register = "register";

    /// <summary>Forgot-password and resend-confirmation: counted per client IP address.</summary>
    public const string AccountMail = "account-mail";

    public const string RejectionMessage = "Too many requests in a short time. Please wait a moment and try again.";

    public static IServiceCollection AddCampaignRateLimits(this IServiceCollection services) =>
        services.AddSingleton<KeyedRateLimits>().AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(Rsvp, context => Partition(context, ClientKey(context), r => r.Rsvp));
            o.AddPolicy(WalkIn, context => Partition(context, ClientKey(context), r => r.WalkIn));
            o.AddPolicy(Login, context => Partition(context, ClientKey(context), r => r.Login));
            o.AddPolicy(Register, context => Partition(context, ClientKey(context), r => r.Register));
            o.AddPolicy(AccountMail, context => Partition(context, ClientKey(context), r => r.AccountMail));
            o.AddPolicy(Invite, context =>
            {
                // Anonymous callers never reach these actions ([Authorize]); their address keeps them apart anyway.
                var user = context.User.UserId();
                var key = user is null ? "ip:" + context.Connection.RemoteIpAddress : "user:" + user;
                return Partition(context, key, r => r.Invite);
            });
            o.AddPolicy(CheckIn, context =>
            {
                var door = context.Request.Headers[ScreeningAccess.DoorHeader].ToString();
                var user = context.User.UserId();
                var key = user is not null ? "user:" + user
                    : door.Length > 0 ? "door:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(door)))
                    : "ip:" + context.Connection.RemoteIpAddress;
                return Partition(context, key, r => r.CheckIn);
            });
            o.OnRejected = OnRejectedAsync;
        });

    /// <summary>The client's address: the forwarded one when Campaign:TrustForwardedHeaders is on (UseForwardedHeaders runs first).</summary>
    private static string ClientKey(HttpContext context) => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static RateLimitPartition<string> Partition(HttpContext context, string key, Func<RateLimitsOptions, RateLimitRule> rule)
    {
        var limits = rule(context.RequestServices.GetRequiredService<IOptions<RateLimitsOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = TimeSpan.FromSeconds(limits.WindowSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken ct) =>
        new(RefuseAsync(rejected.HttpContext, rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1), ct));

    /// <summary>Answers 429 with Retry-After: JSON for API clients, otherwise no body, so the error page is rendered.</summary>
    public static async Task RefuseAsync(HttpContext http, TimeSpan retryAfter, CancellationToken ct)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds;
        http.Response.Headers.CacheControl = "no-store";
        var localizer = http.RequestServices.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizerFactory>().Create(typeof(RateLimitPolicies));
        var message = localizer[RejectionMessage].Value;
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value is "application/json" or "application/problem+json"))
        {
            await http.Response.WriteAsJsonAsync(new { error = message }, ct);
            return;
        }

        // No body: the status-code pages middleware re-executes /error/429, which renders the page in the layout.
        // Its header survives the re-execution because it is set again when the response starts.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.RetryAfter = seconds;
            return Task.CompletedTask;
        });
    }
}
