using ActionsDashboard.Identity.InternalApi;
using ActionsDashboard.IntegrationEvents;
using Gateway.IntegrationEvents;
using Gateway.Model;
using Gateway.Services;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Gateway.Extensions;

internal static class Extensions
{
    /// <summary>http://localhost:8080 unless the orchestrator (ASPNETCORE_URLS / HTTP_PORTS) says otherwise.</summary>
    public static void UseDefaultGatewayAddress(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls("http://localhost:8080");
        }
    }

    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName)
            .Validate(o => o.RateLimits.PerIp.PermitLimit > 0 && o.RateLimits.PerIp.Window > TimeSpan.Zero
                && o.RateLimits.PerUser.PermitLimit > 0 && o.RateLimits.PerUser.Window > TimeSpan.Zero
                && o.RateLimits.SignInPerIp.PermitLimit > 0 && o.RateLimits.SignInPerIp.Window > TimeSpan.Zero,
                "Gateway:RateLimits:PerIp, :PerUser and :SignInPerIp need a positive PermitLimit and Window.")
            .Validate(o => o.MaxRequestBodySize > 0, "Gateway:MaxRequestBodySize must be positive.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // The edge: a client's own X-Forwarded-For would choose the address it is rate-limited under, so forwarded
        // headers count only from the proxies configured under ForwardedHeaders (a cloud ingress in front), none by default.
        builder.AddTrustedProxies(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, loopbackByDefault: false);

        // Sessions: resolved through Auth.Api's internal route (service key Internal:ApiKey), cached briefly in Redis;
        // forwarded to services as internal identity tokens signed with Identity:SigningKey.
        builder.AddRedisClient("redis");
        builder.Services.NameHealthCheckAfterConnection("StackExchange.Redis", "redis");
        builder.AddInternalApiKey();
        builder.AddInternalIdentityIssuer();
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, and the documented way to replace the default.
        builder.Services.AddHttpClient<AuthApiClient>((services, http) =>
                http.BaseAddress = new Uri(services.GetRequiredService<IOptions<GatewayOptions>>().Value.AuthApiUrl))
            // Auth.Api's internal routes need the shared service key.
            .AddInternalApiKeyHandler()
            // Every signed-in request may wait on this call: fail within seconds rather than retry for half a minute.
            // Its own handler replaces the default one, and keeps POST retries on: resolving a session only reads (and
            // records activity), so it is safe to repeat.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<ISessionResolver, CachedSessionResolver>();

        // Sessions Auth.Api ends leave the cache at once (SessionEnded on the bus), not when their entry runs out. One
        // durable queue for every replica: the cache is shared in Redis. Without the broker the cache only lives its
        // SessionCacheDuration, so an outage degrades the gateway rather than making it unready.
        if (!string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("eventbus")))
        {
            builder.AddRabbitMQEventBus("eventbus").AddSubscription<SessionEnded, SessionEndedHandler>();
            builder.Services.DegradeHealthChecksOnFailure("eventbus");
        }
        builder.Services.AddRateLimiter(_ => { });

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(RequestIds.AddTransform)
            .AddTransforms(IdentityForwarding.AddTransform)
            // Cluster destinations are logical names (http://auth-api) resolved by service discovery
            // (services:auth-api:http:0, ...), one destination per endpoint.
            .AddServiceDiscoveryDestinationResolver();
    }

    public static void UseSecurityHeaders(this WebApplication app) =>
        app.UseMiddleware<SecurityHeaders>(SecurityHeaders.BuildContentSecurityPolicy(app.Configuration), !app.Environment.IsDevelopment());

    public static void UseRequestIds(this WebApplication app) => app.UseMiddleware<RequestIds>();

    public static void UseRateLimitPerIp(this WebApplication app) =>
        app.UseRateLimiter(RateLimits.PerIp(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits));

    public static void UseRateLimitPerUser(this WebApplication app) =>
        app.UseRateLimiter(RateLimits.PerUser(app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.RateLimits.PerUser));

    public static void UseRequestSizeLimits(this WebApplication app) => app.UseMiddleware<RequestSizeLimits>();

    public static void UseSessionCheck(this WebApplication app) => app.UseMiddleware<SessionCheck>();
}
