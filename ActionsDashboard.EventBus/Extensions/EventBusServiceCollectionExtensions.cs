using System.Text.Json;
using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.EventBus.Idempotency;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class EventBusServiceCollectionExtensions
{
    /// <summary>
    /// Registers the broker-neutral bus: <see cref="IEventBus"/>, <see cref="IntegrationEventSerializer"/>, the
    /// dispatcher and the hosted consumer that subscribes the handlers added with <c>AddSubscription</c>
    /// (<see cref="EventBusConsumerStatus"/> and the <c>eventbus-subscription</c> readiness check say when it has),
    /// and an in-memory <see cref="IProcessedEventStore"/> unless one is registered. A transport must be registered too
    /// (<c>AddRabbitMQEventBus</c> does both).
    /// </summary>
    public static IEventBusBuilder AddEventBus(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(EventBusConsumerStatus)))
        {
            services.AddSingleton<EventBusConsumerStatus>();
            services.AddHealthChecks().AddCheck<EventBusSubscriptionHealthCheck>(EventBusSubscriptionHealthCheck.Name);
        }

        services.AddOptions<EventBusSubscriptionInfo>();
        services.TryAddSingleton<IntegrationEventSerializer>();
        services.TryAddSingleton<IEventBus, ActionsDashboard.EventBus.EventBus>();
        services.TryAddSingleton<IntegrationEventDispatcher>();
        services.TryAddSingleton<IProcessedEventStore>(_ => new InMemoryProcessedEventStore());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EventBusConsumerService>());
        return new EventBusBuilder(services);
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> to <typeparamref name="TEvent"/> (routing key: the event type's
    /// name). A handler runs in a DI scope of its own per message; several handlers may subscribe to one event.
    /// </summary>
    public static IEventBusBuilder AddSubscription<TEvent, THandler>(this IEventBusBuilder eventBusBuilder)
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        ArgumentNullException.ThrowIfNull(eventBusBuilder);
        eventBusBuilder.Services.AddKeyedTransient<IIntegrationEventHandler, THandler>(typeof(TEvent));
        eventBusBuilder.Services.Configure<EventBusSubscriptionInfo>(info => info.EventTypes[typeof(TEvent).Name] = typeof(TEvent));
        return eventBusBuilder;
    }

    /// <summary>Changes the JSON settings publishers and consumers use (both sides must agree).</summary>
    public static IEventBusBuilder ConfigureJsonOptions(this IEventBusBuilder eventBusBuilder, Action<JsonSerializerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(eventBusBuilder);
        ArgumentNullException.ThrowIfNull(configure);
        eventBusBuilder.Services.Configure<EventBusSubscriptionInfo>(info => configure(info.JsonSerializerOptions));
        return eventBusBuilder;
    }

    private sealed class EventBusBuilder(IServiceCollection services) : IEventBusBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
