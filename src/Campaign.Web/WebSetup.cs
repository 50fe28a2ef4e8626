using System.Globalization;
using Campaign.Infrastructure;
using Campaign.Infrastructure.Configuration;
using Campaign.Infrastructure.Data;
using Campaign.Infrastructure.Identity;
using Campaign.Web.Features.Account;
using Campaign.Web.Features.Staff;
using Campaign.Web.Infrastructure;
using Campaign.Web.Mail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Campaign.Web;

internal static class WebSetup
{
    public static void AddCampaignWeb(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCampaignInfrastructure(builder.Configuration, builder.Environment);

        services.AddIdentity<ApplicationUser, IdentityRole>(options =>
            {
                // Identity schema v3 (passkeys) chosen before the first migration: docs/decisions/0003-identity.md.
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.Stores.MaxLengthForKeys = 128;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<CampaignDbContext>()
            .AddSignInManager<CampaignSignInManager>()
            .AddClaimsPrincipalFactory<CampaignClaimsFactory>()
            .AddPasswordValidator<MaxLengthPasswordValidator>()
            .AddDefaultTokenProviders();
        // After AddIdentity, so it replaces Identity's default normaliser.
        services.AddSingleton<ILookupNormalizer, EmailLookupNormalizer>();

        // Suspension and password changes invalidate other sessions within a minute.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            // The validator rebuilds the principal and would drop how the user signed in; staff rights depend on amr=mfa.
            o.OnRefreshingPrincipal = context =>
            {
                var amr = context.CurrentPrincipal?.FindFirst("amr");
                if (amr is not null && context.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity && !identity.HasClaim("amr", amr.Value))
                {
                    identity.AddClaim(new System.Security.Claims.Claim("amr", amr.Value));
                }

                return Task.CompletedTask;
            };
        });
        // Outside Development every cookie is Secure and __Host- (no Domain, Path=/, so no sibling host can set or read
        // it). Development serves plain http on localhost, where browsers refuse both. docs/decisions/0016.
        var cookies = new CookieRules(builder.Environment.IsDevelopment());
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            cookies.Apply(o.Cookie, "campaign.auth");
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(14);
        });
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, o => cookies.Apply(o.Cookie, "campaign.2fa"));
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme, o => cookies.Apply(o.Cookie, "campaign.2fa-remember"));
        services.Configure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, o => cookies.Apply(o.Cookie, "campaign.external"));
        services.AddAntiforgery(o => cookies.Apply(o.Cookie, "campaign.antiforgery"));
        services.Configure<CookieTempDataProviderOptions>(o => cookies.Apply(o.Cookie, "campaign.tempdata"));
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));

        var dataProtection = services.AddDataProtection()
            .SetApplicationName("Campaign")
            .PersistKeysToDbContext<CampaignDbContext>();
        if (!builder.Environment.IsDevelopment())
        {
            // The keys protect sign-in cookies and the ticket signing keys: encrypted at rest, or no start (deployment.md).
            dataProtection.ProtectKeysWithCertificate(DataProtectionCertificate.Load(builder.Configuration));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ConfirmedHost, p => p.RequireAuthenticatedUser().RequireClaim(CampaignClaims.EmailConfirmed, "true"))
            .AddPolicy(Policies.Staff, p => p.RequireAuthenticatedUser()
                .RequireClaim(CampaignClaims.Staff, "true")
                .RequireClaim("amr", "mfa"))
            .AddPolicy(Policies.MailViewer, p => p.AddRequirements(new MailViewerRequirement()));
        services.AddSingleton<IAuthorizationHandler, MailViewerHandler>();

        services.AddLocalization();
        services.AddControllersWithViews(o =>
            {
                o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                o.ModelBinderProviders.Insert(0, new StrictBoolBinderProvider());
                o.Conventions.Add(new HeadFollowsGetConvention());
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization();
        services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            o.ViewLocationFormats.Add("/Features/{1}/{0}" + RazorViewEngine.ViewExtension);
            o.ViewLocationFormats.Add("/Features/Shared/{0}" + RazorViewEngine.ViewExtension);
        });
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = new[] { new CultureInfo("en") };
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
        });
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (builder.Configuration.GetValue<bool>("Campaign:TrustForwardedHeaders"))
            {
                // Only loopback proxies are trusted by default; deployments behind a load balancer opt in (docs/deployment.md).
                o.KnownIPNetworks.Clear();
                o.KnownProxies.Clear();
            }
        });

        services.AddHttpContextAccessor();
        PublicLinksStartup.RequireChosenSettings(services, builder.Environment, builder.Configuration);

        // Shared web plumbing (Web/Infrastructure, Web/Mail): used by several features, uses none.
        services.AddScoped<PublicLinks>();
        services.AddScoped<ScreeningAccess>();
        services.AddScoped<GuestMails>();
        services.AddScoped<GuestHelpText>();
        services.AddSingleton<Campaign.Infrastructure.Tickets.TicketKeys>();
        services.AddSingleton<Campaign.Infrastructure.Calendar.IcsWriter>();

        // Features, one block each (docs/architecture.md draws which may use which).
        services.AddScoped<AccountMails>();
        services.AddScoped<PasswordSignIn>();
        services.AddScoped<StaffService>();
        services.AddScoped<Campaign.Web.Features.Screenings.ScreeningPages>();
        services.AddScoped<Campaign.Web.Features.Screenings.ScreeningEditor>();
        services.AddScoped<Campaign.Web.Features.Guests.GuestListService>();
        services.AddScoped<Campaign.Web.Features.Guests.GuestDashboard>();
        services.AddScoped<Campaign.Web.Features.Guests.GuestNotices>();
        services.AddSingleton<Campaign.Web.Features.Guests.ReminderJob>();
        services.AddSingleton<Campaign.Web.Features.Guests.HostDigestJob>();
        services.AddScoped<Campaign.Web.Features.Invitations.InvitationService>();
        services.AddScoped<Campaign.Web.Features.Invitations.InvitationMails>();
        services.AddScoped<Campaign.Web.Features.Invitations.InvitationNotices>();
        services.AddScoped<Campaign.Infrastructure.Mail.IOutboxOutcomeHandler, Campaign.Web.Features.Invitations.InvitationOutcomeHandler>();
        services.AddScoped<Campaign.Web.Features.Rsvps.RsvpChecks>();
        services.AddScoped<Campaign.Web.Features.Rsvps.RsvpMails>();
        services.AddScoped<Campaign.Web.Features.Rsvps.HostMails>();
        services.AddScoped<Campaign.Web.Features.Rsvps.RsvpAnswers>();
        services.AddScoped<Campaign.Web.Features.WalkIns.WalkInDesk>();
        services.AddScoped<Campaign.Web.Features.Rsvps.RsvpChanges>();
        services.AddScoped<Campaign.Web.Features.Rsvps.RsvpHostActions>();
        services.AddScoped<Campaign.Web.Features.Rsvps.TicketKeyRevocation>();
        services.AddScoped<Campaign.Web.Features.Rsvps.WaitlistPromoter>();
        services.AddScoped<Campaign.Web.Features.Tickets.TicketBook>();
        services.AddScoped<Campaign.Web.Features.Tickets.TicketPdf>();
        services.AddScoped<Campaign.Web.Features.Tickets.TicketService>();
        services.AddSingleton<Campaign.Web.Features.CheckIn.DoorCache>();
        services.AddScoped<Campaign.Web.Features.CheckIn.DoorAccess>();
        services.AddScoped<Campaign.Web.Features.CheckIn.CheckInService>();
        services.AddScoped<Campaign.Web.Features.CheckIn.TeamService>();
        services.AddScoped<Campaign.Web.Features.Calendar.CalendarEntries>();
        services.AddScoped<Campaign.Web.Features.Calendar.CalendarFeeds>();
        if (builder.Configuration.GetValue(CampaignOptions.Section + ":" + nameof(CampaignOptions.RunBackgroundJobs), true))
        {
            services.AddHostedService<Campaign.Web.Features.Guests.ReminderService>();
        }

        services.AddCampaignRateLimits();
        services.AddLogRedaction();
        // /healthz (liveness) is cheap: no database round trip. /readyz asks the database (docs/deployment.md).
        services.AddSingleton<StartupState>();
        services.AddHealthChecks()
            .AddCheck<StartedHealthCheck>("started", tags: [HealthTags.Live])
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthTags.Ready]);
    }

    public static void UseCampaignWeb(this WebApplication app)
    {
        // First, so the door's verdict time includes everything the app does (docs/performance.md).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/checkin", StringComparison.OrdinalIgnoreCase), a => a.UseMiddleware<ServerTimingMiddleware>());
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
            app.UseHsts();
        }

        app.UseStatusCodePagesWithReExecute("/error/{0}");
        // Inside the status-code pages: an old slug's 404 becomes a redirect before it would become the error page.
        app.UseMiddleware<FormerSlugRedirectMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<HeadBodyMiddleware>();
        // Before authentication and every feature: unreadable input is refused with a reason (docs/decisions/0016).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/checkin", StringComparison.OrdinalIgnoreCase), a => a.UseMiddleware<CheckInBodyLimitMiddleware>());
        app.UseMiddleware<BadInputMiddleware>();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: the "invite" policy counts per signed-in user.
        app.UseRateLimiter();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Live) }).DisableHttpMetrics().WithMetadata(new AudienceAttribute(Audience.Anyone), new HttpMethodMetadata(["GET", "HEAD"]));
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthTags.Ready) }).DisableHttpMetrics().WithMetadata(new AudienceAttribute(Audience.Anyone), new HttpMethodMetadata(["GET", "HEAD"]));
        app.MapControllers();
    }

    /// <summary>SQLite always migrates at start-up; SQL Server only when Database:MigrateOnStartup is true. Then /healthz answers 200.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app)
    {
        await MigrateAsync(app);
        app.Services.GetRequiredService<StartupState>().MarkStarted();
    }

    private static async Task MigrateAsync(WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        if (options.Provider == DatabaseProvider.Sqlite)
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            try
            {
                // WAL lets readers and one writer work at once, also across app instances on one file.
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA journal_mode=WAL;";
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            await db.Database.MigrateAsync();
        }
        else if (options.MigrateOnStartup)
        {
            await db.Database.MigrateAsync();
        }
        else
        {
            return;
        }

        // The first ticket key is made here, not inside the first RSVP's transaction: on SQLite a second connection
        // writing while that transaction holds the write lock would wait for itself.
        await scope.ServiceProvider.GetRequiredService<Campaign.Infrastructure.Tickets.TicketKeys>().EnsureAsync(CancellationToken.None);
    }
}
