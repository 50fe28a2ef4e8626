namespace Campaign.Web.Infrastructure;

/// <summary>
/// What <c>Features/Shared/_GuestHelp.cshtml</c> shows: the screening's content note (when it has one) and the support
/// resources. The one place pages show them (mail and calendar text: <c>Web/Mail/GuestHelpText</c>).
/// </summary>
/// <param name="ContentNote">The screening's content note, or null.</param>
/// <param name="Id">The section's id (an anchor others link to).</param>
/// <param name="ShowHeading">False where the caller gives the section its own heading (a disclosure's summary).</param>
public sealed record GuestHelp(string? ContentNote = null, string Id = "help", bool ShowHeading = true);
