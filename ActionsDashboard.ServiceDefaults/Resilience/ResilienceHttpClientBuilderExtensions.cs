using ActionsDashboard.ServiceDefaults.Resilience;
using ActionsDashboard.ServiceDefaults.ServiceDiscovery;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ResilienceHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds the standard resilience handler (see <see cref="HttpStandardResilienceOptions"/>) to the
    /// client, or to every client when called inside <c>ConfigureHttpClientDefaults</c>. A client gets
    /// at most one such handler, so a client can call this again only to change its own options. It is
    /// placed outside the service discovery handler, so each attempt resolves an endpoint again.
    /// </summary>
    public static IHttpClientBuilder AddStandardResilienceHandler(
        this IHttpClientBuilder builder,
        Action<HttpStandardResilienceOptions>? configure = null)
    {
        builder.Services.TryAddSingleton<HttpResiliencePipelineProvider>();
        builder.Services.AddOptions<HttpStandardResilienceOptions>();
        if (configure is not null)
        {
            builder.Services.Configure(builder.Name, configure);
        }

        builder.Services.Configure<HttpClientFactoryOptions>(builder.Name, factory =>
            factory.HttpMessageHandlerBuilderActions.Add(AddHandlerOnce));
        return builder;
    }

    private static void AddHandlerOnce(HttpMessageHandlerBuilder handlerBuilder)
    {
        var handlers = handlerBuilder.AdditionalHandlers;
        if (handlers.Any(handler => handler is StandardResilienceHandler))
        {
            return;
        }

        var pipelines = handlerBuilder.Services.GetRequiredService<HttpResiliencePipelineProvider>();
        var resilience = new StandardResilienceHandler(pipelines.GetPipeline(handlerBuilder.Name ?? Options.Options.DefaultName));
        var discoveryIndex = IndexOfDiscoveryHandler(handlers);
        if (discoveryIndex >= 0)
        {
            handlers.Insert(discoveryIndex, resilience);
        }
        else
        {
            handlers.Add(resilience);
        }
    }

    private static int IndexOfDiscoveryHandler(IList<DelegatingHandler> handlers)
    {
        for (var index = 0; index < handlers.Count; index++)
        {
            if (handlers[index] is ServiceDiscoveryHandler)
            {
                return index;
            }
        }

        return -1;
    }
}
