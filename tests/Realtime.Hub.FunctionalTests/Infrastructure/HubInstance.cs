using ActionsDashboard.EventBus;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Realtime.Hub.FunctionalTests.Infrastructure;

/// <summary>One Realtime.Hub process-alike: its own Kestrel port and its own exclusive queue on the shared exchange.</summary>
public sealed class HubInstance : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private HubInstance(WebApplicationFactory<Program> factory)
    {
        _factory = factory;
        Url = factory.ClientOptions.BaseAddress;
    }

    public Uri Url { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<HubInstance> StartAsync(IDictionary<string, string?> settings)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await factory.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
        return new HubInstance(factory);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();
}
