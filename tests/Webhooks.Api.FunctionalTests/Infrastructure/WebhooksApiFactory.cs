using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Webhooks.Api in a test server against the real PostgreSQL and RabbitMQ of <see cref="ServersCollection"/>, with its
/// own database and exchange. Settings go in with <c>UseSetting</c> because Program reads configuration while it
/// registers services, before <c>ConfigureAppConfiguration</c> would apply.
/// </summary>
public sealed class WebhooksApiFactory : WebApplicationFactory<Program>
{
    public const string Secret = "It's a Secret to Everybody";
    public const string PreviousSecret = "the secret before the rotation";
    public const string InternalApiKey = "internal-test-key";

    private readonly PostgresServerFixture _postgres;
    private readonly IDictionary<string, string?> _settings;

    public WebhooksApiFactory(PostgresServerFixture postgres, RabbitMQServerFixture rabbitMQ, IDictionary<string, string?>? settings = null)
    {
        _postgres = postgres;
        DatabaseName = $"webhooks_{Guid.NewGuid():N}";
        ExchangeName = $"test.events.{Guid.NewGuid():N}";
        RabbitMQConnectionString = rabbitMQ.ConnectionString;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:webhooksdb"] = ConnectionString,
            ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = ExchangeName,
            ["GitHub:WebhookSecret"] = Secret,
            ["GitHub:WebhookSecrets:0"] = PreviousSecret,
            ["Internal:ApiKey"] = InternalApiKey,
            ["Outbox:RetryDelay"] = "00:00:00.200",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            // The test server has no request body size feature to apply the endpoint's 25 MB limit to (Kestrel does);
            // the service enforces the limit itself as well.
            ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointRoutingMiddleware"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DatabaseName { get; }

    public string ExchangeName { get; }

    public string RabbitMQConnectionString { get; }

    public string ConnectionString => _postgres.GetConnectionString(DatabaseName);

    /// <summary>The database exists before the service starts, as the AppHost creates it; the service migrates it.</summary>
    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        using (var connection = new NpgsqlConnection(_postgres.ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            create.ExecuteNonQuery();
        }

        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the service on Kestrel (a loopback port of its own) instead of the test server, for tests that need
    /// real connections (slow or stalled uploads), and returns its address.</summary>
    public Uri StartOnKestrel()
    {
        UseKestrel(0);
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>Runs a query against this factory's database directly, not through the code under test.</summary>
    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        Databases.QueryAsync(ConnectionString, sql, read, parameters);

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) =>
        (await QueryAsync(sql, reader => reader.GetInt64(0), parameters)).Single();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
