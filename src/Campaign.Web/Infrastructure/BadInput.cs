using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Localization;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Input a client can send but the app cannot read (a form over the size limits, a NUL, bytes that are not UTF-8, a
/// request body the server refuses) is answered 400 or 413 with a reason before any
/// feature sees it: the error page for pages, <c>{"error": ...}</c> for the API (docs/decisions/0016).
/// </summary>
internal sealed class BadInputMiddleware(RequestDelegate next, IStringLocalizer<BadInputMiddleware> l)
{
    /// <summary>The reason shown on the error page the refusal is re-executed at.</summary>
    public const string ReasonKey = "Campaign.BadInput.Reason";

    public async Task InvokeAsync(HttpContext context)
    {
        // The error page re-executed for a refusal sees the same request again: refuse it once.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (context.Request.HasFormContentType)
        {
            var (status, reason) = await ReadFormAsync(context);
            if (reason is not null)
            {
                await RefuseAsync(context, status, reason);
                return;
            }
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await RefuseAsync(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge ? l["The request is too large."] : l["The request could not be read."]);
        }
    }

    private async Task<(int Status, string? Reason)> ReadFormAsync(HttpContext context)
    {
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return (e.StatusCode, l["The form is too large."]);
        }
        catch (InvalidDataException)
        {
            // FormOptions limits (a value, a key, the number of fields), or %-encoding that decodes to a NUL.
            return (StatusCodes.Status400BadRequest, l["The form could not be read: a field is longer than allowed, there are too many fields, or a field holds characters that cannot be read."]);
        }
        catch (IOException)
        {
            return (StatusCodes.Status400BadRequest, l["The form could not be read."]);
        }

        foreach (var (key, values) in form)
        {
            if (!Readable(key) || values.Any(v => v is not null && !Readable(v)))
            {
                return (StatusCodes.Status400BadRequest, l["The form could not be read: a field holds characters that cannot be read (a NUL, or bytes that are not UTF-8)."]);
            }
        }

        return (StatusCodes.Status200OK, null);
    }

    /// <summary>
    /// No NUL and no U+FFFD (what bytes that are not UTF-8 decode to). Other controls are readable: the features clean
    /// them out of single-line text (SingleLineText), as they always have.
    /// </summary>
    internal static bool Readable(string text) => !text.AsSpan().ContainsAny('\0', '\ufffd');

    internal static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.CacheControl = "no-store";
        if (WantsJson(context.Request))
        {
            return context.Response.WriteAsJsonAsync(new { error = reason }, context.RequestAborted);
        }

        // No body: the status-code pages re-execute /error/{status}, which shows the reason.
        context.Items[ReasonKey] = reason;
        return Task.CompletedTask;
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// The door API's body limit, before authentication and whatever the framing: a Content-Length over it is refused at
/// once, and a chunked body is read at most this far (Kestrel stops there too) before a 413 as JSON.
/// </summary>
internal sealed class CheckInBodyLimitMiddleware(RequestDelegate next, IStringLocalizer<BadInputMiddleware> l)
{
    public const int Limit = 64 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || request.ContentLength == 0)
        {
            await next(context);
            return;
        }

        if (request.ContentLength > Limit)
        {
            await BadInputMiddleware.RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, l["The request is too large."]);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = Limit;
        }

        // Servers that do not enforce the feature (TestServer, some proxies' framing) are held here: read at most
        // one byte past the limit, then hand the rest of the pipeline the buffered body.
        var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > Limit)
                {
                    await BadInputMiddleware.RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, l["The request is too large."]);
                    return;
                }
            }
        }
        catch (BadHttpRequestException e)
        {
            await BadInputMiddleware.RefuseAsync(context, e.StatusCode, l["The request is too large."]);
            return;
        }

        buffer.Position = 0;
        request.Body = buffer;
        await next(context);
    }
}

/// <summary>HEAD is served wherever GET is (RFC 9110 9.3.2): every GET selector also takes HEAD.</summary>
internal sealed class HeadFollowsGetConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        foreach (var selector in action.Selectors)
        {
            for (var i = 0; i < selector.ActionConstraints.Count; i++)
            {
                if (selector.ActionConstraints[i] is Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint c && WithHead(c.HttpMethods) is { } methods)
                {
                    selector.ActionConstraints[i] = new Microsoft.AspNetCore.Mvc.ActionConstraints.HttpMethodActionConstraint(methods);
                }
            }

            for (var i = 0; i < selector.EndpointMetadata.Count; i++)
            {
                if (selector.EndpointMetadata[i] is HttpMethodMetadata m && WithHead(m.HttpMethods) is { } methods)
                {
                    selector.EndpointMetadata[i] = new HttpMethodMetadata(methods, m.AcceptCorsPreflight);
                }
            }
        }
    }

    private static List<string>? WithHead(IEnumerable<string> methods)
    {
        var list = methods.ToList();
        return list.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase) && !list.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase)
            ? [.. list, HttpMethods.Head]
            : null;
    }
}

/// <summary>A HEAD response carries the GET's status and headers but never its body, whatever the server does.</summary>
internal sealed class HeadBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        }

        return next(context);
    }
}

/// <summary>
/// A bool is "true" or "false" (a checkbox and its hidden field): anything else is a message beside the field, and the
/// form is shown again without the checkbox tag helper failing on the value it cannot read back.
/// </summary>
internal sealed class StrictBoolBinderProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.UnderlyingOrModelType == typeof(bool) && !context.Metadata.IsComplexType ? new Binder() : null;
    }

    private sealed class Binder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            var value = result.FirstValue;
            var metadata = bindingContext.ModelMetadata;
            if (bool.TryParse(value, out var parsed))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                bindingContext.Result = ModelBindingResult.Success(parsed);
            }
            else if (string.IsNullOrEmpty(value) && metadata.IsReferenceOrNullableType)
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else
            {
                // No raw value: the view shows the field unticked instead of trying to read "maybe" as a bool.
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: null, attemptedValue: value);
                bindingContext.ModelState.TryAddModelError(
                    bindingContext.ModelName,
                    metadata.ModelBindingMessageProvider.AttemptedValueIsInvalidAccessor(value ?? string.Empty, metadata.GetDisplayName()));
                bindingContext.Result = ModelBindingResult.Failed();
            }

            return Task.CompletedTask;
        }
    }
}
