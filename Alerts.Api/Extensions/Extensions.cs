using ActionsDashboard.EntityFrameworkCore;
using ActionsDashboard.Identity.InternalApi;
using ActionsDashboard.IntegrationEvents;
using Alerts.Api.Infrastructure;
using Alerts.Api.IntegrationEvents;
using Alerts.Api.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alerts.Api.Extensions;

internal static class Extensions
{
    /// <summary>The audience of the gateway's identity tokens for this service: its resource (and cluster) name.</summary>
    public const string ResourceName = "alerts";

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddInternalIdentity(ResourceName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        // A body that is not a rule's JSON is the sender's mistake in every environment: a 400 problem (status code pages),
        // never the developer exception's 500.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = false);

        builder.Services.AddOptions<AlertsOptions>()
            .BindConfiguration(AlertsOptions.SectionName)
            .Validate(o => SecretProtector.IsValidKey(o.SecretKey),
                "Alerts:SecretKey must be the base64 of 32 random bytes (it seals destinations at rest): set it (environment Alerts__SecretKey).")
            .Validate(o => o.SendTimeout > TimeSpan.Zero && o.MaxAttempts is >= 1 and <= 20 && o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay
                    && o.PollInterval > TimeSpan.Zero && o.QueuedScanInterval > TimeSpan.Zero && o.AccessListCacheTime >= TimeSpan.Zero && o.MaxRulesPerUser >= 1,
                "Alerts: SendTimeout, RetryDelay, PollInterval and QueuedScanInterval must be positive, MaxRetryDelay at least RetryDelay, "
                + "MaxAttempts 1-20, AccessListCacheTime not negative and MaxRulesPerUser at least 1.")
            .Validate(o => o.EffectiveAllowedHosts.All(h => h.Length > 0 && !h.Contains('/') && (!h.Contains('*') || h.StartsWith("*.", StringComparison.Ordinal) && h.LastIndexOf('*') == 0)),
                "Alerts:AllowedHosts entries must be host names, or *.suffix for any name under a domain.")
            .ValidateOnStart();
        builder.Services.AddOptions<AccessListOptions>()
            .BindConfiguration(AccessListOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AccessListApiKey),
                "GitHubProxy:AccessListApiKey is missing: set it (environment GitHubProxy__AccessListApiKey) to GitHubProxy.Api's AccessList:ApiKey.")
            .ValidateOnStart();

        // alertsdb: rules, deliveries and run history; migrated before the server listens.
        builder.AddNpgsqlDataSource("alertsdb");
        builder.Services.NameHealthCheckAfterConnection("PostgreSql", "alertsdb");
        builder.Services.AddPooledDbContextFactory<AlertsDbContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<NpgsqlDataSource>()));
        builder.EnrichNpgsqlDbContext<AlertsDbContext>(ClientIntegrationSettings.DbContext);
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<AlertsDbContext>>().CreateDbContext());
        builder.AddDatabaseMigrations<AlertsDbContext>("alertsdb");

        // Whether a rule's owner still sees a repository: GitHubProxy.Api's internal access lists, as Realtime.Hub reads them.
        builder.Services.AddHttpClient(AccessLists.HttpClientName, (services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<AccessListOptions>>().Value.BaseUrl;
                http.Timeout = TimeSpan.FromSeconds(15);
            })
            .AddBearerKeyHandler("GitHubProxy:AccessListApiKey",
                services => services.GetRequiredService<IOptionsMonitor<AccessListOptions>>().CurrentValue.AccessListApiKey);
        builder.Services.AddSingleton<AccessLists>();
        builder.Services.AddSingleton<TeamMemberships>();

        builder.Services.AddSingleton<SecretProtector>();
        builder.Services.AddSingleton<DestinationGuard>();
        builder.Services.AddSingleton<DestinationHttpClient>();
        builder.Services.AddSingleton<RuleValidator>();
        builder.Services.AddSingleton<EmailSender>();
        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<AlertEvaluator>();
        builder.Services.AddSingleton<AlertSender>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AlertSender>());
        builder.Services.AddHostedService<QueuedRunScanner>();

        // One durable queue (EventBus:QueueName, "alerts") shared by replicas: each event is judged once; the deliveries'
        // unique key covers a redelivery that reaches another replica.
        builder.AddRabbitMQEventBus("eventbus")
            .AddSubscription<WorkflowRunChanged, WorkflowRunChangedHandler>()
            .AddSubscription<WorkflowJobChanged, WorkflowJobChangedHandler>();
        // Rules can still be read and edited while the broker is down.
        builder.Services.DegradeHealthChecksOnFailure("eventbus");
    }
}
