using Campaign.Infrastructure.Tickets;

namespace Campaign.Web;

/// <summary>
/// <c>dotnet run --project src/Campaign.Web -- rotate-ticket-keys</c>: adds a new ticket signing key to the database and
/// exits without starting the web server. Running instances sign with it within <see cref="TicketKeys.RefreshEvery"/>;
/// tickets signed before stay valid (docs/tickets.md).
/// </summary>
internal static class TicketKeyCommand
{
    public const string Rotate = "rotate-ticket-keys";

    public static async Task<int> RotateAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var keys = app.Services.GetRequiredService<TicketKeys>();
        var id = await keys.RotateAsync(CancellationToken.None);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Ticket signing key {id} created. Running instances sign new tickets with it within {TicketKeys.RefreshEvery.TotalSeconds:0} seconds; tickets signed before stay valid."));
        return 0;
    }
}
