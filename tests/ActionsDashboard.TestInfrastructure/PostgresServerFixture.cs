namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// A throwaway PostgreSQL 15 on 127.0.0.1 and a free port, in its own folder under /tmp, for one test
/// class (<c>IClassFixture&lt;PostgresServerFixture&gt;</c>). <see cref="StopAsync"/> and
/// <see cref="StartAsync"/> take it down and bring it back on the same port and data. PostgreSQL
/// refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string UserName = "postgres";
    private const string SystemUser = "postgres";
    private static readonly string BinDirectory = Environment.GetEnvironmentVariable("POSTGRES_BIN") ?? "/usr/lib/postgresql/15/bin";

    private readonly string _directory = LocalServers.CreateTemporaryDirectory("postgres");
    private ServerProcess? _server;

    public int Port { get; } = LocalServers.FreeTcpPort();

    public string Password { get; } = LocalServers.NewSecret();

    /// <summary>To the <c>postgres</c> database; see <see cref="GetConnectionString"/> for another.</summary>
    public string ConnectionString => GetConnectionString("postgres");

    private string DataDirectory => Path.Combine(_directory, "data");

    public string GetConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={UserName};Password={Password};Database={database}";

    public async Task InitializeAsync()
    {
        await InitializeDataDirectoryAsync();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        if (_server is { HasExited: false })
        {
            return;
        }

        _server = ServerProcess.Start("postgres", RunAsPostgres(), AsPostgres(
            Path.Combine(BinDirectory, "postgres"),
            "-D", DataDirectory,
            "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", _directory,
            "-c", "listen_addresses=127.0.0.1",
            // Test data is disposable: trade durability for speed.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off"));
        await WaitUntilReadyAsync(_server);
    }

    /// <summary>Fast shutdown (SIGINT): open connections are closed, as in a real outage.</summary>
    public async Task StopAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync(ServerProcess.SigInt, TimeSpan.FromSeconds(15));
            _server = null;
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        LocalServers.DeleteDirectory(_directory);
    }

    private async Task InitializeDataDirectoryAsync()
    {
        if (LocalServers.RunningAsRoot)
        {
            await ServerProcess.RunAsync("chown", "chown", [$"{SystemUser}:{SystemUser}", _directory], TimeSpan.FromSeconds(10));
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var passwordFile = Path.Combine(_directory, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        try
        {
            await ServerProcess.RunAsync("initdb", RunAsPostgres(), AsPostgres(
                Path.Combine(BinDirectory, "initdb"),
                "-D", DataDirectory,
                "-U", UserName,
                "--auth-local=peer",
                "--auth-host=scram-sha-256",
                $"--pwfile={passwordFile}",
                "-E", "UTF8",
                "--locale=C.UTF-8",
                "--no-sync"), TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private async Task WaitUntilReadyAsync(ServerProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var port = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            if (server.HasExited)
            {
                throw server.Failure("exited while starting");
            }

            try
            {
                await ServerProcess.RunAsync("pg_isready", Path.Combine(BinDirectory, "pg_isready"),
                    ["-h", "127.0.0.1", "-p", port, "-t", "1"], TimeSpan.FromSeconds(5));
                return;
            }
            catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw server.Failure("was not ready within 30 s");
                }

                await Task.Delay(100);
            }
        }
    }

    private static string RunAsPostgres() => LocalServers.RunningAsRoot ? "setpriv" : "/usr/bin/env";

    private static IEnumerable<string> AsPostgres(params string[] command) =>
        LocalServers.RunningAsRoot
            ? ["--reuid=" + SystemUser, "--regid=" + SystemUser, "--init-groups", .. command]
            : command;
}
