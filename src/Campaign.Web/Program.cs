using Campaign.Web;
using Campaign.Web.Features.Demo;

var builder = WebApplication.CreateBuilder(args);
builder.AddCampaignWeb();

var app = builder.Build();
app.UseCampaignWeb();
await app.MigrateDatabaseAsync();

if (args.Contains("--seed-demo", StringComparer.Ordinal))
{
    return await DemoSeeder.RunFromCommandLineAsync(app);
}

await app.RunAsync();
return 0;

/// <summary>Entry point; public so WebApplicationFactory can start the app in tests.</summary>
public partial class Program;
