using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.RabbitMQ;
using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class RabbitMQEventBusExtensions
{
    /// <summary>
    /// The event bus on RabbitMQ: the client for <c>ConnectionStrings:&lt;connectionName&gt;</c> (added unless the
    /// service added it already), <see cref="RabbitMQEventBusOptions"/> from the <c>EventBus</c> section (validated at
    /// start-up) and <c>AddEventBus()</c>. Chain <c>AddSubscription&lt;TEvent, THandler&gt;()</c> to consume.
    /// </summary>
    public static IEventBusBuilder AddRabbitMQEventBus(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var clientRegistered = builder.Services.Any(descriptor =>
            descriptor.IsKeyedService && descriptor.ServiceType == typeof(IRabbitMQConnectionProvider) && Equals(descriptor.ServiceKey, connectionName));
        if (!clientRegistered)
        {
            builder.AddRabbitMQClient(connectionName);
        }

        builder.Services.AddOptions<RabbitMQEventBusOptions>()
            .BindConfiguration(RabbitMQEventBusOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMQEventBusOptions>, RabbitMQEventBusOptionsValidator>());
        builder.Services.TryAddSingleton(services => new RabbitMQEventBusTransport(
            services.GetRequiredKeyedService<IRabbitMQConnectionProvider>(connectionName),
            services.GetRequiredService<IOptions<RabbitMQEventBusOptions>>(),
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<Logging.ILoggerFactory>()));
        builder.Services.TryAddSingleton<IEventBusTransport>(services => services.GetRequiredService<RabbitMQEventBusTransport>());
        return builder.Services.AddEventBus();
    }
}
