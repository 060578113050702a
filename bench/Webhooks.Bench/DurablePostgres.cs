using System.Globalization;
using ActionsDashboard.TestInfrastructure;

namespace Webhooks.Bench;

/// <summary>
/// PostgreSQL 15 with its durable defaults (fsync and synchronous_commit on, unlike the test fixture), so an
/// acknowledged delivery is on disk when the figures say it is.
/// </summary>
internal sealed class DurablePostgres : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private static readonly string BinDirectory = Environment.GetEnvironmentVariable("POSTGRES_BIN") ?? "/usr/lib/postgresql/15/bin";

    private readonly string _directory = LocalServers.CreateTemporaryDirectory("bench-postgres");
    private ServerProcess? _server;

    public int Port { get; } = LocalServers.FreeTcpPort();

    /// <summary>The postmaster (setpriv execs it, so the pid is the server's).</summary>
    public int ProcessId => _server?.Id ?? 0;

    public string Password { get; } = LocalServers.NewSecret();

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={Password};Database={database};Maximum Pool Size=200";

    public async Task StartAsync()
    {
        if (LocalServers.RunningAsRoot)
        {
            await ServerProcess.RunAsync("chown", "chown", [$"{SystemUser}:{SystemUser}", _directory], TimeSpan.FromSeconds(10));
            File.SetUnixFileMode(_directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var data = Path.Combine(_directory, "data");
        var passwordFile = Path.Combine(_directory, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        try
        {
            await ServerProcess.RunAsync("initdb", RunAs(), As(Path.Combine(BinDirectory, "initdb"), "-D", data, "-U", "postgres",
                "--auth-local=peer", "--auth-host=scram-sha-256", $"--pwfile={passwordFile}", "-E", "UTF8", "--locale=C.UTF-8"), TimeSpan.FromSeconds(60));
        }
        finally
        {
            File.Delete(passwordFile);
        }

        _server = ServerProcess.Start("postgres", RunAs(), As(Path.Combine(BinDirectory, "postgres"), "-D", data,
            "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _directory, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"));
        await LocalServers.WaitForTcpListenerAsync(Port, TimeSpan.FromSeconds(30), _server);
        // Accepting TCP is not yet accepting queries; pg_isready says when it does.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await ServerProcess.RunAsync("pg_isready", Path.Combine(BinDirectory, "pg_isready"),
                    ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-t", "1"], TimeSpan.FromSeconds(5));
                return;
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Created up front, as the AppHost does, so the service's migrator finds it.</summary>
    public async Task CreateDatabaseAsync(string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            await server.StopAsync(ServerProcess.SigInt, TimeSpan.FromSeconds(15));
        }

        LocalServers.DeleteDirectory(_directory);
    }

    private static string RunAs() => LocalServers.RunningAsRoot ? "setpriv" : "/usr/bin/env";

    private static IEnumerable<string> As(params string[] command) =>
        LocalServers.RunningAsRoot ? ["--reuid=" + SystemUser, "--regid=" + SystemUser, "--init-groups", .. command] : command;
}
