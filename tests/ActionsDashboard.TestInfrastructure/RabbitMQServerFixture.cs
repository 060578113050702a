using System.Globalization;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// A throwaway RabbitMQ 3.10 broker on 127.0.0.1 for one test class
/// (<c>IClassFixture&lt;RabbitMQServerFixture&gt;</c>), with its own epmd on its own port, so nothing
/// is shared with another broker on the machine. Booting takes about 7 s.
/// </summary>
public sealed class RabbitMQServerFixture : IAsyncLifetime
{
    public const string UserName = "dashboard";
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string _directory = LocalServers.CreateTemporaryDirectory("rabbitmq");
    private readonly string _nodeName = $"rabbit-{Guid.NewGuid():N}@localhost";
    private readonly int _epmdPort = LocalServers.FreeTcpPort();
    private readonly int _distributionPort = LocalServers.FreeTcpPort();
    private ServerProcess? _epmd;
    private ServerProcess? _server;

    public int Port { get; } = LocalServers.FreeTcpPort();

    public string Password { get; } = LocalServers.NewSecret();

    /// <summary>Aspire's shape: <c>amqp://user:password@host:port</c>.</summary>
    public string ConnectionString => $"amqp://{UserName}:{Password}@127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        WriteConfiguration();
        // A broker-started epmd would outlive the broker; our own is stopped with it.
        _epmd ??= ServerProcess.Start("epmd", "epmd", ["-address", "127.0.0.1", "-port", Invariant(_epmdPort)]);
        await LocalServers.WaitForTcpListenerAsync(_epmdPort, TimeSpan.FromSeconds(10), _epmd);

        _server = ServerProcess.Start("rabbitmq-server", ServerScript, [], Environment(), _directory);
        await LocalServers.WaitForTcpListenerAsync(Port, TimeSpan.FromSeconds(90), _server);
    }

    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync(ServerProcess.SigTerm, TimeSpan.FromSeconds(20));
            _server = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (_epmd is { } epmd)
        {
            await epmd.StopAsync(ServerProcess.SigTerm, TimeSpan.FromSeconds(5));
            _epmd = null;
        }

        LocalServers.DeleteDirectory(_directory);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private void WriteConfiguration()
    {
        foreach (var folder in new[] { "home", "mnesia", "log" })
        {
            Directory.CreateDirectory(PathOf(folder));
        }

        File.WriteAllText(PathOf("rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            default_user = {UserName}
            default_pass = {Password}
            loopback_users = none
            """);
        File.WriteAllText(PathOf("advanced.config"), "[].");
        File.WriteAllText(PathOf("enabled_plugins"), "[].");
        File.WriteAllText(PathOf("rabbitmq-env.conf"), string.Empty);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["HOME"] = PathOf("home"),
        ["RABBITMQ_NODENAME"] = _nodeName,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Invariant(Port),
        ["RABBITMQ_DIST_PORT"] = Invariant(_distributionPort),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["ERL_EPMD_PORT"] = Invariant(_epmdPort),
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
        ["RABBITMQ_CONF_ENV_FILE"] = PathOf("rabbitmq-env.conf"),
        ["RABBITMQ_CONFIG_FILE"] = PathOf("rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = PathOf("advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = PathOf("enabled_plugins"),
        ["RABBITMQ_MNESIA_BASE"] = PathOf("mnesia"),
        ["RABBITMQ_LOG_BASE"] = PathOf("log"),
        ["RABBITMQ_PID_FILE"] = PathOf("rabbitmq.pid"),
    };

    private static string Invariant(int port) => port.ToString(CultureInfo.InvariantCulture);
}
