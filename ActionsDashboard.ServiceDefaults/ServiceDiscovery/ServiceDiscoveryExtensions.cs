using ActionsDashboard.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;

namespace Microsoft.Extensions.DependencyInjection;

public static class ServiceDiscoveryExtensions
{
    /// <summary>Registers the singleton <see cref="ServiceEndpointResolver"/>.</summary>
    public static IServiceCollection AddServiceDiscovery(this IServiceCollection services)
    {
        services.TryAddSingleton<ServiceEndpointResolver>();
        return services;
    }

    /// <summary>
    /// Lets the client (or every client, inside <c>ConfigureHttpClientDefaults</c>) send to logical
    /// addresses such as <c>https+http://auth-api</c>, as request or base address. Added once per client.
    /// </summary>
    public static IHttpClientBuilder AddServiceDiscovery(this IHttpClientBuilder builder)
    {
        builder.Services.AddServiceDiscovery();
        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(AddHandlerOnce));
        return builder;
    }

    private static void AddHandlerOnce(HttpMessageHandlerBuilder handlerBuilder)
    {
        if (handlerBuilder.AdditionalHandlers.Any(handler => handler is ServiceDiscoveryHandler))
        {
            return;
        }

        handlerBuilder.AdditionalHandlers.Add(
            new ServiceDiscoveryHandler(handlerBuilder.Services.GetRequiredService<ServiceEndpointResolver>()));
    }
}
