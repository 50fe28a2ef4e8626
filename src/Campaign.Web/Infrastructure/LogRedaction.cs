using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Infrastructure;

/// <summary>
/// Keeps secrets that travel in URLs (ticket codes, manage, door, feed, invitation and unsubscribe tokens, account
/// confirmation codes) out of every log, including ASP.NET Core's own request lines, which print paths and query
/// strings. Every logger the app creates is wrapped, so this holds for any provider (console, files, a log service)
/// and any level, without relying on each message's author.
/// </summary>
public static partial class LogRedaction
{
    public const string Mask = "[redacted]";

    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    /// <summary>Masks the secret part of every token-bearing path and query parameter in <paramref name="text"/>.</summary>
    public static string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return text;
        }

        var masked = SecretPath().Replace(text, "$1" + Mask);
        return SecretQuery().Replace(masked, "$1" + Mask);
    }

    // /t/{code}, /rsvp/{token}, /door/{token} (and its manifest.webmanifest), /feeds/{token}.ics, /i/{token}, /unsubscribe/{token}, /w/{token} (the door poster); with or without host.
    [GeneratedRegex(@"(/(?:t|rsvp|door|feeds|i|unsubscribe|w)/)[^/?#\s""'<>]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretPath();

    [GeneratedRegex(@"([?&](?:code|token|invite|userId|email)=)[^&#\s""'<>]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();

    private sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            inner.BeginScope(state is IEnumerable<KeyValuePair<string, object?>> pairs ? new RedactedState(Clean(pairs), Redact(state.ToString() ?? "")) : (object)Redact(state.ToString() ?? ""));

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            ArgumentNullException.ThrowIfNull(formatter);
            var message = Redact(formatter(state, exception));
            var pairs = state is IEnumerable<KeyValuePair<string, object?>> values ? Clean(values) : [];
            inner.Log(logLevel, eventId, new RedactedState(pairs, message), exception is null ? null : new RedactedException(exception), static (s, _) => s.Message);
        }

        private static List<KeyValuePair<string, object?>> Clean(IEnumerable<KeyValuePair<string, object?>> pairs) =>
            [.. pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value switch
            {
                null => null,
                string s => Redact(s),
                PathString path => Redact(path.ToString()),
                QueryString query => Redact(query.ToString()),
                Uri uri => Redact(uri.ToString()),
                IFormattable or bool => p.Value,
                _ => Redact(p.Value.ToString() ?? ""),
            }))];
    }

    /// <summary>Structured logs see the cleaned values; text logs see the cleaned message.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> pairs, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message => message;

        public int Count => pairs.Count;

        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;
    }

    /// <summary>An exception whose message and stack text are cleaned too (a route or parse error may quote the path).</summary>
    private sealed class RedactedException(Exception original) : Exception(Redact(original.Message), original.InnerException is null ? null : new RedactedException(original.InnerException))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString() => Redact(original.ToString());
    }
}
