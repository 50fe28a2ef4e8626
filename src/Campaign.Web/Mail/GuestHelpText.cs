using Campaign.Domain.Screenings;
using Campaign.Infrastructure.Configuration;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Campaign.Web.Mail;

/// <summary>
/// The help lines in guest mails and calendar entries: the screening's content note and where to find confidential
/// support (<c>Campaign:SupportResources</c>). The one place they are written for text, as
/// <c>Features/Shared/_GuestHelp.cshtml</c> is for pages, so a guest who must not be seen receiving them can be given
/// none in one place.
/// </summary>
public sealed class GuestHelpText(IOptions<CampaignOptions> campaign, IStringLocalizer<GuestHelpText> l)
{
    /// <summary>"Content note: ...", or null when the screening has none.</summary>
    public string? ContentNote(Screening? screening) =>
        screening?.ContentNote is { } note && !string.IsNullOrWhiteSpace(note) ? l["Content note: {0}", note].Value : null;

    /// <summary>The support resources, one a line, under a lead; null when none are configured.</summary>
    public string? Support()
    {
        var resources = campaign.Value.SupportResources;
        if (resources.Count == 0)
        {
            return null;
        }

        var lines = resources.Select(r => string.Join(" · ", new[]
        {
            r.Name,
            string.IsNullOrWhiteSpace(r.Phone) ? null : l["call {0}", r.Phone].Value,
            string.IsNullOrWhiteSpace(r.Text) ? null : l["text {0}", r.Text].Value,
            r.Url,
        }.Where(p => !string.IsNullOrWhiteSpace(p))));
        return l["If the film brings up something difficult, confidential help is there:"] + "\n" + string.Join("\n", lines);
    }

    /// <summary>The content note (when the screening has one), then the support lines: each a paragraph.</summary>
    public IReadOnlyList<string> Paragraphs(Screening? screening) =>
        [.. new[] { ContentNote(screening), Support() }.Where(p => p is not null).Select(p => p!)];
}
