using Campaign.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Links with a slug a screening no longer uses (discreet mode gave it a random one, decisions/0023) keep working:
/// a request under <c>/s/{old}</c> that found nothing is sent to the same address with the current slug. The lookup
/// runs only after a 404, so the screening page and the RSVP form pay nothing for it.
/// </summary>
public sealed class FormerSlugRedirectMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, CampaignDbContext db)
    {
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status404NotFound || context.Response.HasStarted
            || !context.Request.Path.StartsWithSegments("/s", StringComparison.Ordinal, out var rest)
            || rest.Value is not { Length: > 1 } tail)
        {
            return;
        }

        var end = tail.IndexOf('/', 1);
        var slug = end < 0 ? tail[1..] : tail[1..end];
        if (slug.Length == 0 || slug.Length > 80)
        {
            return;
        }

        var current = await (
                from f in db.FormerSlugs.AsNoTracking()
                join s in db.Screenings.AsNoTracking() on f.ScreeningId equals s.Id
                where f.Slug == slug
                select s.Slug)
            .SingleOrDefaultAsync(context.RequestAborted);
        if (current is null)
        {
            return;
        }

        var target = "/s/" + current + (end < 0 ? "" : tail[end..]) + context.Request.QueryString;
        // GET and HEAD: a plain redirect; a form sent to the old address keeps its method and body.
        var method = context.Request.Method;
        context.Response.StatusCode = HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
            ? StatusCodes.Status301MovedPermanently
            : StatusCodes.Status307TemporaryRedirect;
        context.Response.Headers.Location = target;
    }
}
