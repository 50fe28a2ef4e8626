using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Campaign.Browser.Tests;

/// <summary>A page plus what it did: every request it made and every dialog it tried to open.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly CampaignAppFactory _app;
    private readonly IBrowserContext _context;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _dialogs = new();

    public BrowserSession(CampaignAppFactory app, IBrowserContext context, IPage page)
    {
        _app = app;
        _context = context;
        Page = page;
        // Context-wide, so iframes (the HTML mail view) and any popup are recorded too.
        context.Request += (_, request) => _requests.Enqueue(request.Url);
        page.Dialog += (_, dialog) =>
        {
            _dialogs.Enqueue($"{dialog.Type}: {dialog.Message}");
            _ = dialog.DismissAsync();
        };
    }

    public IPage Page { get; }

    public IBrowserContext Context => _context;

    public IReadOnlyCollection<string> Requests => _requests;

    public IReadOnlyCollection<string> Dialogs => _dialogs;

    /// <summary>Privacy: a page may talk to the app's own origin only (no CDN, fonts, analytics, embeds).</summary>
    public void AssertOnlyOwnOriginWasContacted()
    {
        Assert.NotEmpty(_requests);
        var foreign = _requests
            .Where(url => !url.StartsWith("data:", StringComparison.Ordinal))
            .Where(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != _app.Origin)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(foreign.Count == 0, $"Requests left {_app.Origin}:\n" + string.Join('\n', foreign));
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
