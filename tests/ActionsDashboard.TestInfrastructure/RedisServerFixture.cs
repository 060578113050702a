using System.Globalization;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// A throwaway Redis on 127.0.0.1 and a free port, password-protected, nothing persisted, for one
/// test class (<c>IClassFixture&lt;RedisServerFixture&gt;</c>). <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> take it down and bring it back on the same port.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private readonly string _directory = LocalServers.CreateTemporaryDirectory("redis");
    private ServerProcess? _server;

    public int Port { get; } = LocalServers.FreeTcpPort();

    public string Password { get; } = LocalServers.NewSecret();

    /// <summary>StackExchange.Redis shape, as Aspire passes it: <c>host:port,password=...</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},password={Password}";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        _server = ServerProcess.Start("redis-server", "redis-server",
        [
            "--bind", "127.0.0.1",
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--dir", _directory,
            "--save", "",
            "--appendonly", "no",
            "--requirepass", Password,
        ]);
        await LocalServers.WaitForTcpListenerAsync(Port, TimeSpan.FromSeconds(15), _server);
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync(ServerProcess.SigTerm, TimeSpan.FromSeconds(10));
            _server = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        LocalServers.DeleteDirectory(_directory);
    }
}
