using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ActionsDashboard.Hosting.ApplicationModel;
using Npgsql;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>PostgreSQL from the machine's binaries. It refuses to run as root, so as root it runs as the
/// <c>postgres</c> user (setpriv), with its data and socket folders owned by that user.</summary>
internal sealed class PostgresRunner(PostgresServerResource server, DataDirectory data) : ResourceRunner(server)
{
    private string Root => data.For(server.Name);

    private string DataPath => Path.Combine(Root, "data");

    public override string TypeName => "PostgreSQL";

    // SIGINT is PostgreSQL's "fast shutdown": roll back open transactions, then exit cleanly.
    public override int StopSignal => ProcessSignals.SIGINT;

    private static string BinDirectory
    {
        get
        {
            var versions = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
                : [];
            return versions.Count > 0 ? Path.Combine(versions[0], "bin") : "/usr/lib/postgresql/15/bin";
        }
    }

    public override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var bin = BinDirectory;
        MachineBinaries.Require(Path.Combine(bin, "postgres"), "The PostgreSQL server", "postgresql");
        Directory.CreateDirectory(Root);
        if (ProcessSignals.IsRoot)
        {
            await MachineBinaries.RunAsync("chown", ["-R", "postgres:postgres", Root], cancellationToken).ConfigureAwait(false);
        }

        UnixFiles.SetMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (File.Exists(Path.Combine(DataPath, "PG_VERSION")))
        {
            return;
        }

        // The superuser's password goes through a file, never the command line (visible in ps).
        var passwordFile = Path.Combine(Root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, server.Password.GetValue(), cancellationToken).ConfigureAwait(false);
        UnixFiles.SetMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (ProcessSignals.IsRoot)
            {
                await MachineBinaries.RunAsync("chown", ["postgres:postgres", passwordFile], cancellationToken).ConfigureAwait(false);
            }

            var (file, args) = AsPostgresUser(Path.Combine(bin, "initdb"),
                ["-D", DataPath, "-U", PostgresServerResource.UserName, "--auth-local=peer", "--auth-host=scram-sha-256",
                 $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8"]);
            await MachineBinaries.RunAsync(file, args, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    public override ProcessSpec CreateProcessSpec()
    {
        var port = server.PrimaryEndpoint.Allocated!.Port;
        var (file, args) = AsPostgresUser(Path.Combine(BinDirectory, "postgres"),
            ["-D", DataPath, "-p", port.ToString(), "-k", Root, "-c", "listen_addresses=127.0.0.1"]);
        return new ProcessSpec { FileName = file, Arguments = args, WorkingDirectory = Root };
    }

    public override async Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        await PostgresHealth.CheckAsync(server.Name, server.GetConnectionString(), cancellationToken).ConfigureAwait(false);

    public override Task OnHealthyAsync(CancellationToken cancellationToken) => PostgresHealth.EnsureDatabasesAsync(server, cancellationToken);

    private static (string File, List<string> Args) AsPostgresUser(string program, List<string> args)
    {
        if (!ProcessSignals.IsRoot)
        {
            return (program, args);
        }

        // setpriv execs the program, so the pid we track is PostgreSQL's own and signals reach it directly.
        return ("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. args]);
    }
}

internal static class PostgresHealth
{
    public static async Task<HealthResult> CheckAsync(string name, string connectionString, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 3 };
            builder.Database ??= "postgres";
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return HealthResult.Single(name, true, null, watch.Elapsed);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or SocketException or IOException)
        {
            return HealthResult.Single(name, false, e.Message, watch.Elapsed);
        }
    }

    public static async Task EnsureDatabasesAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(server.GetConnectionString()) { Pooling = false, Database = "postgres" };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var database in server.Databases.Where(d => d.ExistingConnectionString is null))
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database.DatabaseName);
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            // Identifiers cannot be parameters; the name was validated as a resource name (letters, digits, hyphens).
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"")}\"", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Created concurrently: fine.
            }
        }
    }
}

/// <summary>A database on a PostgreSQL server: no process; healthy when it exists and accepts connections.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database) : ResourceRunner(database)
{
    public override string TypeName => "PostgreSQL database";

    public override bool HasProcess => false;

    public override Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresHealth.CheckAsync(database.Name, database.GetConnectionString(), cancellationToken);

    public override IReadOnlyList<string> DisplayEndpoints() => [];
}

/// <summary>Redis from the machine's binary, its password in a config file rather than on the command line.</summary>
internal sealed class RedisRunner(RedisResource redis, DataDirectory data) : ResourceRunner(redis)
{
    private string Root => data.For(redis.Name);

    public override string TypeName => "Redis";

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        var binary = MachineBinaries.FindOnPath("redis-server") ?? "/usr/bin/redis-server";
        MachineBinaries.Require(binary, "The Redis server", "redis-server");
        Directory.CreateDirectory(Root);
        var port = redis.PrimaryEndpoint.Allocated!.Port;
        var config = Path.Combine(Root, "redis.conf");
        File.WriteAllText(config, string.Join('\n',
            "bind 127.0.0.1",
            $"port {port}",
            $"dir {Root}",
            "save \"\"",
            "appendonly yes",
            "protected-mode yes",
            "daemonize no",
            $"requirepass {redis.Password.GetValue()}",
            ""));
        UnixFiles.SetMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Task.CompletedTask;
    }

    public override ProcessSpec CreateProcessSpec() => new()
    {
        FileName = MachineBinaries.FindOnPath("redis-server") ?? "/usr/bin/redis-server",
        Arguments = [Path.Combine(Root, "redis.conf")],
        WorkingDirectory = Root,
    };

    public override Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        RedisHealth.CheckAsync(redis.Name, redis.GetConnectionString(), cancellationToken);
}

internal static class RedisHealth
{
    /// <summary>AUTH and PING over RESP: ready only when Redis answers PONG.</summary>
    public static async Task<HealthResult> CheckAsync(string name, string connectionString, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var (host, port) = HostPort.Parse(parts[0], 6379);
        var password = parts.Skip(1).Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0].Equals("password", StringComparison.OrdinalIgnoreCase))?[1];
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            var request = new StringBuilder();
            if (password is not null)
            {
                request.Append($"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\n");
            }

            request.Append("*1\r\n$4\r\nPING\r\n");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), timeout.Token).ConfigureAwait(false);
            var reply = await HostPort.ReadUntilAsync(stream, "PONG", timeout.Token).ConfigureAwait(false);
            var healthy = reply.Contains("+PONG", StringComparison.Ordinal);
            return HealthResult.Single(name, healthy, healthy ? null : $"Redis answered: {reply.Trim()}", watch.Elapsed);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthResult.Single(name, false, e.Message, watch.Elapsed);
        }
    }
}

/// <summary>RabbitMQ from the machine's packages, with its own epmd on its own port and every file under
/// the data folder (the packaged wrapper would switch user and write under /var).</summary>
internal sealed class RabbitMQRunner(RabbitMQServerResource broker, DataDirectory data) : ResourceRunner(broker)
{
    private const string ServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private int _epmdPort;
    private int _distPort;

    private string Root => data.For(broker.Name);

    public override string TypeName => "RabbitMQ";

    public override TimeSpan StopGrace => TimeSpan.FromSeconds(20);

    public override Task PrepareAsync(CancellationToken cancellationToken)
    {
        MachineBinaries.Require(ServerScript, "The RabbitMQ server", "rabbitmq-server");
        if (MachineBinaries.FindOnPath("epmd") is null)
        {
            throw new ResourceStartException("Erlang's epmd was not found. Install it with: sudo apt-get install -y rabbitmq-server (it brings Erlang).");
        }

        foreach (var dir in new[] { "home", "mnesia", "log", "config" })
        {
            Directory.CreateDirectory(Path.Combine(Root, dir));
        }

        _epmdPort = PortAllocator.GetFreePort();
        _distPort = PortAllocator.GetFreePort();
        var port = broker.PrimaryEndpoint.Allocated!.Port;
        var config = Path.Combine(Root, "config", "rabbitmq.conf");
        File.WriteAllText(config, string.Join('\n',
            $"listeners.tcp.default = 127.0.0.1:{port}",
            $"default_user = {RabbitMQServerResource.UserName}",
            $"default_pass = {broker.Password.GetValue()}",
            "loopback_users = none",
            "management_agent.disable_metrics_collector = true",
            ""));
        UnixFiles.SetMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(Root, "config", "enabled_plugins"), "[].\n");
        File.WriteAllText(Path.Combine(Root, "config", "advanced.config"), "[].\n");
        File.WriteAllText(Path.Combine(Root, "config", "rabbitmq-env.conf"), "");
        return Task.CompletedTask;
    }

    public override IEnumerable<(string Name, ProcessSpec Spec)> HelperProcesses()
    {
        yield return ("epmd", new ProcessSpec
        {
            FileName = MachineBinaries.FindOnPath("epmd")!,
            Arguments = ["-address", "127.0.0.1", "-port", _epmdPort.ToString()],
            WorkingDirectory = Root,
        });
    }

    public override ProcessSpec CreateProcessSpec()
    {
        var port = broker.PrimaryEndpoint.Allocated!.Port;
        string In(params string[] parts) => Path.Combine([Root, .. parts]);
        return new ProcessSpec
        {
            FileName = ServerScript,
            WorkingDirectory = Root,
            Environment =
            {
                ["HOME"] = In("home"),
                ["RABBITMQ_NODENAME"] = $"{broker.Name}@localhost",
                ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
                ["RABBITMQ_NODE_PORT"] = port.ToString(),
                ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
                ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
                ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
                ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
                ["RABBITMQ_CONF_ENV_FILE"] = In("config", "rabbitmq-env.conf"),
                ["RABBITMQ_CONFIG_FILE"] = In("config", "rabbitmq.conf"),
                ["RABBITMQ_ADVANCED_CONFIG_FILE"] = In("config", "advanced.config"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = In("config", "enabled_plugins"),
                ["RABBITMQ_MNESIA_BASE"] = In("mnesia"),
                ["RABBITMQ_LOG_BASE"] = In("log"),
                ["RABBITMQ_PID_FILE"] = In("rabbitmq.pid"),
                ["RABBITMQ_LOGS"] = "-",
            },
        };
    }

    public override Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken) =>
        AmqpHealth.CheckAsync(broker.Name, broker.GetConnectionString(), cancellationToken);
}

internal static class AmqpHealth
{
    /// <summary>Ready when the broker answers the AMQP 0-9-1 protocol header with Connection.Start
    /// (the port accepts connections a little before the broker has booted).</summary>
    public static async Task<HealthResult> CheckAsync(string name, string connectionString, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var uri = new Uri(connectionString);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            using var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var header = new byte[7];
            await stream.ReadExactlyAsync(header, timeout.Token).ConfigureAwait(false);
            // Frame type 1 (method) on channel 0: Connection.Start.
            var healthy = header[0] == 1 && header[1] == 0 && header[2] == 0;
            return HealthResult.Single(name, healthy, healthy ? null : "The port answered, but not with AMQP 0-9-1.", watch.Elapsed);
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HealthResult.Single(name, false, e.Message, watch.Elapsed);
        }
    }
}

/// <summary>A server the AppHost was told to use (<c>ConnectionStrings:{name}</c>): it only checks it.</summary>
internal sealed class ExistingServerRunner(ServerResource server) : ResourceRunner(server)
{
    public override string TypeName => server switch
    {
        PostgresServerResource => "PostgreSQL (existing)",
        RedisResource => "Redis (existing)",
        _ => "RabbitMQ (existing)",
    };

    public override bool HasProcess => false;

    public override Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken) => server switch
    {
        PostgresServerResource => PostgresHealth.CheckAsync(server.Name, server.GetConnectionString(), cancellationToken),
        RedisResource => RedisHealth.CheckAsync(server.Name, server.GetConnectionString(), cancellationToken),
        _ => AmqpHealth.CheckAsync(server.Name, server.GetConnectionString(), cancellationToken),
    };

    public override Task OnHealthyAsync(CancellationToken cancellationToken) =>
        server is PostgresServerResource postgres ? PostgresHealth.EnsureDatabasesAsync(postgres, cancellationToken) : Task.CompletedTask;

    public override IReadOnlyList<string> DisplayEndpoints() => ["(existing server)"];
}

internal static class HostPort
{
    public static (string Host, int Port) Parse(string value, int defaultPort)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value[(colon + 1)..], out var port) ? (value[..colon], port) : (value, defaultPort);
    }

    public static async Task<string> ReadUntilAsync(Stream stream, string marker, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var text = new StringBuilder();
        while (!text.ToString().Contains(marker, StringComparison.Ordinal) && !text.ToString().StartsWith('-'))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
