using Gateway.Infrastructure;
using Yarp.ReverseProxy.ServiceDiscovery;

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
        // Session snapshots are read from Redis on every request (sign-in issue).
        builder.AddRedisClient("redis");

        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddTransforms(RequestIds.AddTransform);

        // Cluster destinations are logical names (http://auth-api) resolved by service discovery.
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();
    }

    public static void UseRequestIds(this WebApplication app) => app.UseMiddleware<RequestIds>();
}
