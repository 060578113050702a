using ActionsDashboard.EventBus.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActionsDashboard.EventBus.Tests.Infrastructure;

/// <summary>
/// A service's worth of event bus in a generic host, wired exactly as a service wires it
/// (<c>AddRabbitMQEventBus("eventbus").AddSubscription&lt;...&gt;()</c>), against the test broker.
/// </summary>
public sealed class BusHost : IAsyncDisposable
{
    private readonly IHost _host;

    private BusHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IEventBus Bus => Services.GetRequiredService<IEventBus>();

    public static async Task<BusHost> StartAsync(
        string connectionString,
        string exchange,
        string? queue = null,
        IDictionary<string, string?>? settings = null,
        Action<IEventBusBuilder>? subscribe = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "EventBusTests",
            EnvironmentName = Environments.Development,
            DisableDefaults = true,
        });
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:eventbus"] = connectionString,
            ["EventBus:ExchangeName"] = exchange,
            ["EventBus:QueueName"] = queue,
            ["EventBus:RetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        services?.Invoke(builder.Services);
        var bus = builder.AddRabbitMQEventBus("eventbus");
        subscribe?.Invoke(bus);

        var host = builder.Build();
        await host.StartAsync();
        var busHost = new BusHost(host);
        if (subscribe is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await host.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
        }

        return busHost;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(15));
        _host.Dispose();
    }
}
