using System.Globalization;
using ActionsDashboard.Hosting.LocalServers;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Aspire.Hosting;

/// <summary>
/// PostgreSQL, Redis and RabbitMQ as local processes from the machine's own binaries (Debian's packages), for
/// machines with no container runtime. Each is an Aspire resource like the containers' (<c>AddPostgres</c>,
/// <c>AddRedis</c>, <c>AddRabbitMQ</c>): a connection string of the same shape, a health check that
/// <c>WaitFor</c> waits on, state and console logs in the dashboard. Files live in the data folder, one folder a
/// resource; passwords reach the servers through files, never command lines.
/// </summary>
public static class LocalServerBuilderExtensions
{
    private const string EndpointName = LocalServerDefaults.EndpointName;
    private const string Loopback = LocalServerDefaults.Loopback;
    private const string RabbitMQServerScript = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    /// <summary>Where a server binary is: <c>LocalServers:Binaries:&lt;name&gt;</c> when configured (a server installed
    /// elsewhere than Debian puts it), else the PATH, else Debian's place.</summary>
    private static string Binary(IDistributedApplicationBuilder builder, string name, string debianPath) =>
        builder.Configuration[$"LocalServers:Binaries:{name}"] is { Length: > 0 } configured
            ? configured
            : MachineBinaries.FindOnPath(name) ?? debianPath;

    // PostgreSQL's SIGTERM is a "smart" shutdown that waits for every client to leave; SIGINT is the fast, clean one.
    // The shell in front of it turns the orchestrator's stop signal into SIGINT and exits with PostgreSQL's status.
    private const string PostgresLauncher =
        "\"$0\" -D \"$1\" -p \"$2\" -k \"$3\" -c listen_addresses=127.0.0.1 & pid=$!; "
        + "trap 'kill -INT $pid' TERM INT; wait $pid; status=$?; "
        + "if kill -0 $pid 2>/dev/null; then wait $pid; status=$?; fi; exit $status";

    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, LocalDataFolder data)
    {
        var root = data.For(name);
        // 0700 from the start, though PostgreSQL may run as another user: when it does (the AppHost runs as root) the
        // folder is made its own (chown) before it starts; what it needs from others is to pass through the data
        // folder above (0711, LocalDataFolder), which RequireReachableByOthers checks.
        UnixFiles.CreateDirectory(root, UnixFiles.OwnerOnlyDirectory);
        var dataPath = Path.Combine(root, "data");
        var bin = builder.Configuration["LocalServers:Binaries:postgresql"] is { Length: > 0 } configuredBin
            ? configuredBin
            : MachineBinaries.PostgresBinDirectory;
        var asRoot = MachineBinaries.IsRoot;
        var port = LocalPorts.GetFreePort();
        string[] launch = ["-c", PostgresLauncher, Path.Combine(bin, "postgres"), dataPath, port.ToString(CultureInfo.InvariantCulture), root];
        var server = new LocalPostgresServerResource(name, asRoot ? "setpriv" : "/bin/sh", root, password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (e, ct) =>
        {
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            await StopLeftoversAsync(root, log, ct).ConfigureAwait(false);
            RequireBinary(log, Path.Combine(bin, "postgres"), "The PostgreSQL server", "postgresql");
            if (asRoot)
            {
                RequireBinary(log, MachineBinaries.FindOnPath("setpriv") ?? "/usr/bin/setpriv", "setpriv (to run PostgreSQL as the postgres user)", "util-linux");
                RequireReachableByOthers(log, root);
                await MachineBinaries.RunAsync("chown", ["-R", "postgres:postgres", root], ct).ConfigureAwait(false);
            }

            UnixFiles.SetMode(root, UnixFiles.OwnerOnlyDirectory);
            if (!File.Exists(Path.Combine(dataPath, "PG_VERSION")))
            {
                log.LogInformation("Creating the database cluster in {DataPath} (initdb).", dataPath);
                await InitDbAsync(bin, dataPath, root, await server.PasswordParameter.GetValueAsync(ct).ConfigureAwait(false) ?? "", asRoot, ct).ConfigureAwait(false);
            }
        });

        var servers = builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: port, name: EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", "/bin/sh", .. launch] : launch)
            .WithIconName("DatabaseMultiple")
            .ExcludeFromManifest();
        AddHealthCheck(servers, new PostgresHealthCheck(server));
        CreateDatabasesWhenReady(builder, server);
        return servers;
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> builder, string name, string? databaseName = null)
    {
        var database = new LocalPostgresDatabaseResource(name, databaseName ?? name, builder.Resource);
        var databases = builder.ApplicationBuilder.AddResource(database).ExcludeFromManifest();
        AddHealthCheck(databases, new PostgresHealthCheck(database));
        return databases;
    }

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, LocalDataFolder data)
    {
        var root = data.For(name);
        // Its data (the append-only file) and its configuration (its password): the AppHost's user's alone.
        UnixFiles.CreateDirectory(root, UnixFiles.OwnerOnlyDirectory);
        var config = Path.Combine(root, "redis.conf");
        var port = LocalPorts.GetFreePort();
        var redis = new LocalRedisResource(name, Binary(builder, "redis-server", "/usr/bin/redis-server"), root, password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (e, ct) =>
        {
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(redis);
            await StopLeftoversAsync(root, log, ct).ConfigureAwait(false);
            RequireBinary(log, redis.Command, "The Redis server", "redis-server");
            await UnixFiles.WriteOwnerOnlyAsync(config, string.Join('\n',
                $"bind {Loopback}",
                $"port {port}",
                $"dir {root}",
                "save \"\"",
                "appendonly yes",
                "protected-mode yes",
                "daemonize no",
                $"requirepass {await redis.PasswordParameter.GetValueAsync(ct).ConfigureAwait(false)}",
                ""), ct).ConfigureAwait(false);
        });

        var builderOfRedis = builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: port, name: EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(config)
            .WithIconName("Memory")
            .ExcludeFromManifest();
        AddHealthCheck(builderOfRedis, new RedisHealthCheck(redis));
        return builderOfRedis;
    }

    /// <summary>RabbitMQ with its own <c>epmd</c> (Erlang's port mapper) as a child resource on its own port: the
    /// packaged wrapper would switch user and write under /var, and an epmd the broker starts outlives it.</summary>
    public static IResourceBuilder<LocalRabbitMQServerResource> AddLocalRabbitMQ(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, LocalDataFolder data)
    {
        var root = data.For(name);
        var epmdRoot = data.For(name + "-epmd");
        // Its data (mnesia: users and password hashes), its Erlang cookie (home), its configuration (its password)
        // and logs: the AppHost's user's alone, as is epmd's working folder.
        UnixFiles.CreateDirectory(root, UnixFiles.OwnerOnlyDirectory);
        foreach (var dir in new[] { "home", "mnesia", "log", "config" })
        {
            UnixFiles.CreateDirectory(Path.Combine(root, dir), UnixFiles.OwnerOnlyDirectory);
        }

        UnixFiles.CreateDirectory(epmdRoot, UnixFiles.OwnerOnlyDirectory);
        var port = LocalPorts.GetFreePort();
        var epmdPort = LocalPorts.GetFreePort();
        var distPort = LocalPorts.GetFreePort();
        string In(params string[] parts) => Path.Combine([root, .. parts]);

        var epmd = builder.AddExecutable(name + "-epmd", Binary(builder, "epmd", "/usr/bin/epmd"), epmdRoot,
                "-address", Loopback, "-port", epmdPort.ToString(CultureInfo.InvariantCulture))
            .WithIconName("PlugConnected")
            .ExcludeFromManifest();
        epmd.OnBeforeResourceStarted(async (resource, e, ct) =>
        {
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await StopLeftoversAsync(epmdRoot, log, ct).ConfigureAwait(false);
            RequireBinary(log, resource.Command, "Erlang's epmd", "rabbitmq-server");
        });
        AddHealthCheck(epmd, new TcpHealthCheck(() => epmdPort, amqp: false));

        var serverScript = builder.Configuration["LocalServers:Binaries:rabbitmq-server"] is { Length: > 0 } configuredScript
            ? configuredScript
            : RabbitMQServerScript;
        var broker = new LocalRabbitMQServerResource(name, serverScript, root, password.Resource);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(broker, async (e, ct) =>
        {
            var log = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(broker);
            await StopLeftoversAsync(root, log, ct).ConfigureAwait(false);
            RequireBinary(log, serverScript, "The RabbitMQ server", "rabbitmq-server");
            var config = In("config", "rabbitmq.conf");
            await UnixFiles.WriteOwnerOnlyAsync(config, string.Join('\n',
                $"listeners.tcp.default = {Loopback}:{port}",
                $"default_user = {LocalRabbitMQServerResource.UserName}",
                $"default_pass = {await broker.PasswordParameter.GetValueAsync(ct).ConfigureAwait(false)}",
                "loopback_users = none",
                "management_agent.disable_metrics_collector = true",
                ""), ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(In("config", "enabled_plugins"), "[].\n", ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(In("config", "advanced.config"), "[].\n", ct).ConfigureAwait(false);
            await File.WriteAllTextAsync(In("config", "rabbitmq-env.conf"), "", ct).ConfigureAwait(false);
        });

        var brokers = builder.AddResource(broker)
            .WithEndpoint(port: port, targetPort: port, name: EndpointName, scheme: "tcp", isProxied: false)
            .WithEnvironment("HOME", In("home"))
            .WithEnvironment("RABBITMQ_NODENAME", $"{name}@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", Loopback)
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("RABBITMQ_DIST_PORT", distPort.ToString(CultureInfo.InvariantCulture))
            .WithEnvironment("ERL_EPMD_ADDRESS", Loopback)
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString(CultureInfo.InvariantCulture))
            // -start_epmd false: when the orchestrator stops epmd before the broker, the broker must not start a
            // detached epmd of its own that nobody stops.
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", In("config", "rabbitmq-env.conf"))
            .WithEnvironment("RABBITMQ_CONFIG_FILE", In("config", "rabbitmq.conf"))
            .WithEnvironment("RABBITMQ_ADVANCED_CONFIG_FILE", In("config", "advanced.config"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", In("config", "enabled_plugins"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", In("mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", In("log"))
            .WithEnvironment("RABBITMQ_PID_FILE", In("rabbitmq.pid"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithIconName("Mail")
            .WaitFor(epmd)
            .ExcludeFromManifest();
        epmd.WithParentRelationship(brokers);
        AddHealthCheck(brokers, new TcpHealthCheck(() => port, amqp: true));
        return brokers;
    }

    private static void AddHealthCheck<T>(IResourceBuilder<T> resource, IHealthCheck check) where T : IResource =>
        resource.WithStartupPollingHealthCheck($"{resource.Resource.Name}_check", check);

    /// <summary>A health check that <c>WaitFor</c> waits on, polled every 100 ms while the resource starts (up to
    /// 8 s in one check; <see cref="StartupPollingHealthCheck"/>).</summary>
    public static IResourceBuilder<T> WithStartupPollingHealthCheck<T>(this IResourceBuilder<T> resource, string key, IHealthCheck check)
        where T : IResource
    {
        var polling = new StartupPollingHealthCheck(check, TimeSpan.FromSeconds(8));
        resource.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => polling, failureStatus: null, tags: null));
        return resource.WithHealthCheck(key);
    }

    /// <summary>The binary, or the resource fails to start with what to install in its console log (the dashboard
    /// shows it there) as well as in the exception.</summary>
    private static void RequireBinary(ILogger log, string path, string what, string package)
    {
        try
        {
            MachineBinaries.Require(path, what, package);
        }
        catch (MissingServerBinaryException e)
        {
            log.LogError("{Message}", e.Message);
            throw;
        }
    }

    /// <summary>PostgreSQL runs as its own user here: every folder above its own must let others pass through
    /// (a checkout under /root, mode 700, does not), or initdb fails with a bare "permission denied".</summary>
    private static void RequireReachableByOthers(ILogger log, string folder)
    {
        for (var dir = Directory.GetParent(folder); dir is not null; dir = dir.Parent)
        {
            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(dir.FullName) & UnixFileMode.OtherExecute) == 0)
            {
                var message = $"PostgreSQL runs as the postgres user (it refuses root), which cannot pass through {dir.FullName} "
                    + $"to reach {folder}. Give the AppHost a data folder it can reach (--AppHost:DataPath=/var/tmp/actionsdashboard) "
                    + $"or let it through: chmod o+x {dir.FullName}.";
                log.LogError("{Message}", message);
                throw new InvalidOperationException(message);
            }
        }
    }

    private static async Task StopLeftoversAsync(string folder, ILogger log, CancellationToken cancellationToken)
    {
        foreach (var leftover in await Leftovers.StopAsync(folder, cancellationToken).ConfigureAwait(false))
        {
            log.LogWarning("Stopped {Process}, left running in {Folder} by an earlier AppHost that did not stop cleanly.", leftover, folder);
        }
    }

    private static async Task InitDbAsync(string bin, string dataPath, string root, string password, bool asRoot, CancellationToken cancellationToken)
    {
        // The superuser's password goes through a file, never the command line (visible in ps).
        var passwordFile = Path.Combine(root, "pwfile");
        await UnixFiles.WriteOwnerOnlyAsync(passwordFile, password, cancellationToken).ConfigureAwait(false);
        try
        {
            List<string> args = ["-D", dataPath, "-U", LocalPostgresServerResource.UserName, "--auth-local=peer", "--auth-host=scram-sha-256",
                $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8"];
            if (asRoot)
            {
                await MachineBinaries.RunAsync("chown", ["postgres:postgres", passwordFile], cancellationToken).ConfigureAwait(false);
                await MachineBinaries.RunAsync("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", Path.Combine(bin, "initdb"), .. args], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await MachineBinaries.RunAsync(Path.Combine(bin, "initdb"), args, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>Creates the server's databases once it is ready, then shows them as running; until then, and
    /// whenever the server is not running, they show the server's state (Aspire does this only for containers).</summary>
    private static void CreateDatabasesWhenReady(IDistributedApplicationBuilder builder, LocalPostgresServerResource server)
    {
        var ready = false;
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var builderOfConnection = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(ct).ConfigureAwait(false))
            {
                Pooling = false,
                Database = "postgres",
            };
            await using var connection = new NpgsqlConnection(builderOfConnection.ConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            foreach (var database in Databases(builder, server))
            {
                await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
                exists.Parameters.AddWithValue("name", database.DatabaseName);
                if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
                {
                    // Identifiers cannot be parameters: quoted, with quotes doubled.
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
                    await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                }
            }

            ready = true;
            foreach (var database in Databases(builder, server))
            {
                await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.Running, StartTimeStamp = DateTime.UtcNow }).ConfigureAwait(false);
            }
        });

        builder.Eventing.Subscribe<InitializeResourceEvent>(server, (e, ct) =>
        {
            var stopping = e.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
            _ = MirrorServerStateAsync(e.Notifications, stopping);
            return Task.CompletedTask;
        });

        async Task MirrorServerStateAsync(ResourceNotificationService notifications, CancellationToken stopping)
        {
            try
            {
                await foreach (var update in notifications.WatchAsync(stopping).ConfigureAwait(false))
                {
                    if (update.Resource != server || update.Snapshot.State?.Text is not { } state || (state == KnownResourceStates.Running && ready))
                    {
                        continue;
                    }

                    ready = ready && state == KnownResourceStates.Running;
                    var shown = state == KnownResourceStates.Running ? KnownResourceStates.Starting : state;
                    foreach (var database in Databases(builder, server))
                    {
                        await notifications.PublishUpdateAsync(database, s => s with { State = shown }).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The AppHost is stopping.
            }
        }
    }

    private static IEnumerable<LocalPostgresDatabaseResource> Databases(IDistributedApplicationBuilder builder, LocalPostgresServerResource server) =>
        builder.Resources.OfType<LocalPostgresDatabaseResource>().Where(d => d.Parent == server);
}
