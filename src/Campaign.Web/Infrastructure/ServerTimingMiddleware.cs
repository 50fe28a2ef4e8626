using System.Diagnostics;
using System.Globalization;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Adds <c>Server-Timing: app;dur=&lt;ms&gt;</c>: the time from the request entering the pipeline to its response starting
/// to be written (the headers go out with the first body bytes, so for the door's JSON that is the verdict). It lets a load
/// script tell the server's own time from the network and the client (docs/performance.md). Only on the paths it is
/// registered for: a timing on every page would tell other sites nothing useful but is not needed either.
/// </summary>
internal sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers.Append("Server-Timing", string.Create(CultureInfo.InvariantCulture, $"app;dur={ms:F2}"));
            return Task.CompletedTask;
        });
        return next(context);
    }
}
