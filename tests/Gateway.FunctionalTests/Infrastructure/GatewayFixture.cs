extern alias AuthApi;
extern alias Simulator;

using System.Net;
using ActionsDashboard.Identity.Sessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Gateway.FunctionalTests.Infrastructure;

/// <summary>
/// The gateway (Kestrel, loopback) in front of the real Auth.Api (real PostgreSQL and Redis), the GitHub simulator and
/// stand-ins for the other services. Shared by every test class (one collection), which run one after another.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _hosts = [];

    public PostgresServerFixture Postgres { get; } = new();

    public RedisServerFixture Redis { get; } = new();

    /// <summary>The broker Auth.Api announces ended sessions on and the gateway listens to.</summary>
    public RabbitMQServerFixture RabbitMQ { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public string InternalApiKey { get; } = TestSecrets.NewApiKey();

    public string SigningKey { get; } = TestSecrets.NewKey();

    public StandInServices Services { get; private set; } = null!;

    public Uri SimulatorUrl { get; private set; } = null!;

    public Uri AuthApiUrl { get; private set; } = null!;

    public Uri GatewayUrl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync(), RabbitMQ.InitializeAsync());
        var authDb = await Databases.CreateAsync(Postgres, "authdb");
        Services = await StandInServices.StartAsync();

        var simulator = Start(new WebApplicationFactory<Simulator::Program>(), new()
        {
            ["Simulator:ClientId"] = TestSecrets.GitHubClientId,
            ["Simulator:ClientSecret"] = TestSecrets.GitHubClientSecret,
        }, captureLogs: false);
        SimulatorUrl = simulator.ClientOptions.BaseAddress;

        var authApi = Start(new WebApplicationFactory<AuthApi::Program>(), new()
        {
            ["ConnectionStrings:authdb"] = authDb,
            ["ConnectionStrings:redis"] = Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = RabbitMQ.ConnectionString,
            ["GitHub:ApiBaseUrl"] = SimulatorUrl.ToString(),
            ["GitHub:WebBaseUrl"] = SimulatorUrl.ToString(),
            ["GitHub:ClientId"] = TestSecrets.GitHubClientId,
            ["GitHub:ClientSecret"] = TestSecrets.GitHubClientSecret,
            ["Auth:TokenKeys:k1"] = TestSecrets.NewKey(),
            ["Auth:ActiveTokenKey"] = "k1",
            ["Internal:ApiKey"] = InternalApiKey,
            ["Identity:SigningKey"] = SigningKey,
        });
        AuthApiUrl = authApi.ClientOptions.BaseAddress;

        GatewayUrl = StartGateway().ClientOptions.BaseAddress;
    }

    /// <summary>Another gateway in front of the same services, with <paramref name="overrides"/> applied last.</summary>
    public WebApplicationFactory<Program> StartGateway(Dictionary<string, string?>? overrides = null, string environment = "Development")
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = Redis.ConnectionString,
            ["ConnectionStrings:eventbus"] = RabbitMQ.ConnectionString,
            ["EventBus:QueueName"] = "gateway",
            ["services:auth-api:http:0"] = AuthApiUrl.ToString(),
            ["Internal:ApiKey"] = InternalApiKey,
            ["Identity:SigningKey"] = SigningKey,
            ["GitHub:ApiBaseUrl"] = SimulatorUrl.ToString(),
            ["GitHub:WebBaseUrl"] = SimulatorUrl.ToString(),
        };
        foreach (var service in new[] { "githubproxy-api", "webhooks-api", "realtime-hub", "alerts", "web" })
        {
            settings[$"services:{service}:http:0"] = Services.Url;
        }

        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        return Start(new WebApplicationFactory<Program>(), settings, environment: environment);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        await Services.DisposeAsync();
        await Task.WhenAll(Redis.DisposeAsync(), Postgres.DisposeAsync(), RabbitMQ.DisposeAsync());
    }

    public Uri Gateway(string pathAndQuery, Uri? gateway = null) => new(gateway ?? GatewayUrl, pathAndQuery);

    /// <summary>The whole sign-in through the gateway; returns the session cookie's value.</summary>
    public async Task<string> SignInAsync(Browser browser, string login, Uri? gateway = null)
    {
        using var final = await browser.GetFollowingAsync(Gateway($"/auth/github?login={login}", gateway));
        return browser.CookieValue(gateway ?? GatewayUrl, SessionCookies.DevelopmentSessionName)
            ?? throw new InvalidOperationException($"Sign-in of {login} set no session cookie; ended with {(int)final.StatusCode}.");
    }

    public async Task<string> CsrfTokenAsync(Browser browser, Uri? gateway = null)
    {
        using var session = await browser.GetAsync(Gateway("/auth/session", gateway));
        return (string)System.Text.Json.Nodes.JsonNode.Parse(await session.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!["csrfToken"]!;
    }

    private WebApplicationFactory<T> Start<T>(WebApplicationFactory<T> factory, Dictionary<string, string?> settings, bool captureLogs = true,
        string environment = "Development")
        where T : class
    {
        var configured = factory.WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            if (captureLogs)
            {
                b.UseSetting("Logging:LogLevel:Default", "Debug");
                b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
                b.UseSetting("Logging:LogLevel:Yarp", "Debug");
                b.ConfigureLogging(logging => logging.AddProvider(Logs));
            }
        });
        configured.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        configured.StartServer();
        _hosts.Add(configured);
        _hosts.Add(factory);
        return configured;
    }
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
