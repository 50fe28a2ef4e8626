using Campaign.Web;
using Campaign.Web.Features.Demo;

// "--seed-demo" is a switch, not a setting: keep it away from the command-line configuration provider,
// which would otherwise take the next argument as its value. "rotate-ticket-keys" is a command the same way.
var seedDemo = args.Contains(DemoSeeder.Switch, StringComparer.Ordinal);
var rotateKeys = args.Contains(TicketKeyCommand.Rotate, StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != DemoSeeder.Switch && a != TicketKeyCommand.Rotate).ToArray());
builder.AddCampaignWeb();

var app = builder.Build();
// Refused before anything else runs (known passwords must never reach a real deployment, whatever its settings).
if (seedDemo && await DemoSeeder.RefusedAsync(app.Environment))
{
    return 2;
}

app.UseCampaignWeb();
await app.MigrateDatabaseAsync();

if (rotateKeys)
{
    return await TicketKeyCommand.RotateAsync(app);
}

if (seedDemo)
{
    return await DemoSeeder.RunFromCommandLineAsync(app);
}

await app.RunAsync();
return 0;

/// <summary>Entry point; public so WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
