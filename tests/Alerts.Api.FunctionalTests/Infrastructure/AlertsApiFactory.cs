using System.Collections.Concurrent;
using ActionsDashboard.Identity;
using ActionsDashboard.TestInfrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Alerts.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Alerts.Api in a test server with its own database, exchange and queue on the collection's servers, on a clock the
/// tests move (<see cref="HostTimeProvider"/>). Settings go in with <c>UseSetting</c>: Program reads them while it
/// registers services.
/// </summary>
public sealed class AlertsApiFactory : WebApplicationFactory<Program>
{
    private readonly PostgresServerFixture _postgres;
    private readonly Dictionary<string, string?> _settings;

    public AlertsApiFactory(PostgresServerFixture postgres, RabbitMQServerFixture rabbitMQ, Receiver receiver, IDictionary<string, string?>? settings = null)
    {
        _postgres = postgres;
        DatabaseName = $"alerts_{Guid.NewGuid():N}";
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:alertsdb"] = ConnectionString,
            ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
            ["EventBus:ExchangeName"] = $"test.events.{Guid.NewGuid():N}",
            ["EventBus:QueueName"] = $"alerts-{Guid.NewGuid():N}",
            ["EventBus:RetryDelay"] = "00:00:00.100",
            ["Identity:SigningKey"] = SigningKey,
            ["GitHubProxy:BaseUrl"] = receiver.BaseUrl.ToString(),
            ["GitHubProxy:AccessListApiKey"] = receiver.AccessListApiKey,
            ["Alerts:SecretKey"] = TestSecrets.NewKey(),
            ["Alerts:AllowLoopback"] = "true",
            ["Alerts:MaxAttempts"] = "3",
            ["Alerts:RetryDelay"] = "00:00:00.100",
            ["Alerts:MaxRetryDelay"] = "00:00:00.400",
            ["Alerts:PollInterval"] = "00:00:00.200",
            ["Alerts:QueuedScanInterval"] = "00:00:00.200",
            ["Alerts:SendTimeout"] = "00:00:03",
            ["Alerts:AccessListCacheTime"] = "00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Alerts.Api"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string SigningKey { get; } = TestSecrets.NewKey();

    public HostTimeProvider Clock { get; } = new();

    public string DatabaseName { get; }

    /// <summary>Every log line the service wrote (at the configured levels), with its exception, as text.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public string ConnectionString => _postgres.GetConnectionString(DatabaseName);

    /// <summary>A client signed in as <paramref name="userId"/>, as the gateway would forward it.</summary>
    public HttpClient ClientFor(long userId) => CreateDefaultClient(new IdentityHandler(this, userId));

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

        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
    }

    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        Databases.QueryAsync(ConnectionString, sql, read, parameters);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }

    private sealed class IdentityHandler(AlertsApiFactory factory, long userId) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var token = new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = factory.SigningKey }), factory.Clock)
                .Issue(new InternalIdentity(userId, $"user{userId}", $"session-{userId}"), "alerts");
            request.Headers.Add(InternalIdentityDefaults.HeaderName, token);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
