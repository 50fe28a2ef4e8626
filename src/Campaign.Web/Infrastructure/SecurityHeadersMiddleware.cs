namespace Campaign.Web.Infrastructure;

/// <summary>Every page may load only from this origin (privacy: no CDN, fonts or analytics) and sends no referrer.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; connect-src 'self'; " +
        "media-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
            headers.TryAdd("Referrer-Policy", "no-referrer");
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Permissions-Policy", "geolocation=(), microphone=(), interest-cohort=()");
            return Task.CompletedTask;
        });
        return next(context);
    }
}
