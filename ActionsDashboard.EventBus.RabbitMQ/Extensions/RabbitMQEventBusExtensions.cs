using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.RabbitMQ;
using ActionsDashboard.EventBus.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Microsoft.Extensions.Hosting;

public static class RabbitMQEventBusExtensions
{
    /// <summary>
    /// The event bus on RabbitMQ: Aspire.RabbitMQ.Client's connection for <c>ConnectionStrings:&lt;connectionName&gt;</c>
    /// (added unless the service added an <see cref="IConnection"/> already; its health check is named after the
    /// connection), <see cref="RabbitMQEventBusOptions"/> from the <c>EventBus</c> section (validated at start-up) and
    /// <c>AddEventBus()</c>. Chain <c>AddSubscription&lt;TEvent, THandler&gt;()</c> to consume.
    /// </summary>
    public static IEventBusBuilder AddRabbitMQEventBus(this IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        // One connection per process, from Aspire.RabbitMQ.Client (its health check, logging and tracing come with
        // it), unless the service registered the client itself.
        if (!builder.Services.Any(descriptor => !descriptor.IsKeyedService && descriptor.ServiceType == typeof(IConnection)))
        {
            var clientName = builder.Environment.ApplicationName;
            builder.AddRabbitMQClient(connectionName,
                settings =>
                {
                    // Opened on first use, one attempt per use: a service starts, and stays up, while the broker is down;
                    // the bus's own loops (and the health check) try again.
                    settings.DisableAutoActivation = true;
                    settings.MaxConnectRetryCount = 0;
                },
                factory =>
                {
                    factory.ClientProvidedName = clientName;
                    factory.AutomaticRecoveryEnabled = true;
                    factory.TopologyRecoveryEnabled = true;
                    factory.NetworkRecoveryInterval = TimeSpan.FromSeconds(2);
                    factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(10);
                });
            builder.Services.NameHealthCheckAfterConnection("RabbitMQ.Client", connectionName);
        }

        builder.Services.AddOptions<RabbitMQEventBusOptions>()
            .BindConfiguration(RabbitMQEventBusOptions.SectionName)
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RabbitMQEventBusOptions>, RabbitMQEventBusOptionsValidator>());
        builder.Services.TryAddSingleton(services => new RabbitMQEventBusTransport(
            new RabbitMQConnectionSource(services),
            services.GetRequiredService<IOptions<RabbitMQEventBusOptions>>(),
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<Logging.ILoggerFactory>()));
        builder.Services.TryAddSingleton<IEventBusTransport>(services => services.GetRequiredService<RabbitMQEventBusTransport>());
        return builder.Services.AddEventBus();
    }
}
