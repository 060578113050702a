using ActionsDashboard.Contracts;
using ActionsDashboard.Identity.InternalApi;
using ActionsDashboard.IntegrationEvents;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Extensions;

internal static class Extensions
{
    /// <summary>A request that is a live connection for its whole life: the SSE stream or the SignalR hub (and its negotiate).</summary>
    internal static bool IsConnection(PathString path) =>
        path.StartsWithSegments("/events", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/ws", StringComparison.OrdinalIgnoreCase);

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // The gateway's per-request identity token (audience realtime-hub) on every request that opens, polls or sends.
        builder.AddInternalIdentity();

        builder.Services.AddOptions<RealtimeOptions>()
            .BindConfiguration(RealtimeOptions.SectionName)
            .Validate(o => o.ReplayBufferSize > 0 && o.MaxSubscriptionsPerConnection > 0 && o.MaxMessageSize >= 1024 && o.StreamQueueLength > 0
                    && o.MaxConnectionsPerSession > 0 && o.MaxConnectionsPerUser >= o.MaxConnectionsPerSession
                    && o.HeartbeatInterval > TimeSpan.Zero && o.KeepAliveInterval > TimeSpan.Zero && o.ClientTimeoutInterval > o.KeepAliveInterval
                    && o.MaxConnectionLifetime > TimeSpan.Zero && o.AccessRecheckInterval > TimeSpan.Zero && o.SendTimeout > TimeSpan.Zero,
                "Realtime: ReplayBufferSize, MaxSubscriptionsPerConnection, StreamQueueLength and MaxConnectionsPerSession must be positive, "
                + "MaxConnectionsPerUser at least MaxConnectionsPerSession, MaxMessageSize at least 1024, "
                + "every interval positive, and ClientTimeoutInterval longer than KeepAliveInterval.")
            .ValidateOnStart();
        builder.Services.AddOptions<AccessListSourceOptions>()
            .BindConfiguration(AccessListSourceOptions.SectionName)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AccessListApiKey),
                "GitHubProxy:AccessListApiKey is missing: set it (environment GitHubProxy__AccessListApiKey) to GitHubProxy.Api's AccessList:ApiKey.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Access lists from GitHubProxy.Api through service discovery (http://githubproxy-api).
        builder.Services.AddHttpClient(AccessListClient.HttpClientName, (services, http) =>
            {
                http.BaseAddress = services.GetRequiredService<IOptions<AccessListSourceOptions>>().Value.BaseUrl;
                http.Timeout = TimeSpan.FromSeconds(15);
            })
            .AddBearerKeyHandler("GitHubProxy:AccessListApiKey",
                services => services.GetRequiredService<IOptionsMonitor<AccessListSourceOptions>>().CurrentValue.AccessListApiKey);
        builder.Services.AddSingleton<AccessListClient>();
        builder.Services.AddSingleton<AccessListCache>();

        builder.Services.AddSingleton<ReplayBuffer>();
        builder.Services.AddSingleton<ConnectionRegistry>();
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton<LiveEventDispatcher>();
        builder.Services.AddSingleton<SubscriptionManager>();
        builder.Services.AddSingleton<ConnectionHousekeeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConnectionHousekeeper>());
        builder.Services.AddHostedService<ConnectionDrainer>();
        // Meter "Realtime.Hub" is the application's name, which ServiceDefaults already collects.

        // No request span for a connection (/events, /ws): it would last the connection's life, say nothing a trace can use
        // (each event's dispatch has its own), and keep its tags in memory per connection, about 1 KiB of the ~20 (#17 goal 4).
        builder.Services.PostConfigure<OpenTelemetry.Instrumentation.AspNetCore.AspNetCoreTraceInstrumentationOptions>(tracing =>
        {
            var inner = tracing.Filter;
            tracing.Filter = context => !IsConnection(context.Request.Path) && (inner?.Invoke(context) ?? true);
        });

        builder.Services.AddSignalR().AddJsonProtocol(json => ContractJson.Configure(json.PayloadSerializerOptions));
        builder.Services.AddOptions<HubOptions>().Configure<IOptions<RealtimeOptions>>((hub, realtime) =>
        {
            hub.KeepAliveInterval = realtime.Value.KeepAliveInterval;
            hub.ClientTimeoutInterval = realtime.Value.ClientTimeoutInterval;
            hub.MaximumReceiveMessageSize = realtime.Value.MaxMessageSize;
            hub.EnableDetailedErrors = false;
        });

        // Every instance reads every event through its own exclusive queue (EventBus:InstanceQueue=true): the broker's
        // fan-out is the scale-out, no backplane needed.
        builder.AddRabbitMQEventBus("eventbus")
            .AddSubscription<WorkflowRunChanged, WorkflowRunChangedHandler>()
            .AddSubscription<WorkflowJobChanged, WorkflowJobChangedHandler>()
            .AddSubscription<PushReceived, PushReceivedHandler>()
            .AddSubscription<PullRequestChanged, PullRequestChangedHandler>()
            .AddSubscription<SessionEnded, SessionEndedHandler>();
    }
}
