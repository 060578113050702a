extern alias Simulator;

using System.Security.Cryptography;
using System.Text;
using ActionsDashboard.EventBus;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace GitHubProxy.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Real PostgreSQL, Redis and RabbitMQ; the GitHub simulator on Kestrel as GitHub; a stand-in for Auth.Api that hands out
/// each user's simulator token; and GitHubProxy.Api in a test server on a clock the tests move. One for every test class
/// (one collection), which run one after another.
/// </summary>
public sealed class GitHubProxyFixture : IAsyncLifetime
{
    public const long Octocat = 1;
    public const long Monalisa = 2;
    public const long Hubot = 3;

    /// <summary>A user only a <see cref="FakeGitHub"/> knows: the Auth.Api stand-in hands out a made-up token for them.</summary>
    public const long Scripted = 900;

    /// <summary>A user with nothing stored anywhere yet, who never needs GitHub (saving empty settings).</summary>
    public const long Newcomer = 901;

    /// <summary>The simulator's users to sign in (id → login); the default world's three unless set before start.</summary>
    public Dictionary<long, string> Logins { get; init; } = new() { [Octocat] = "octocat", [Monalisa] = "monalisa", [Hubot] = "hubot" };

    /// <summary>A <c>Simulator:WorldFile</c> to load instead of the default world.</summary>
    public string? WorldFile { get; init; }

    /// <summary>Serve GitHubProxy.Api on Kestrel (real HTTP on loopback) rather than the in-memory test server.</summary>
    public bool UseKestrel { get; init; }

    /// <summary>Extra settings for GitHubProxy.Api, applied last.</summary>
    public Dictionary<string, string?> ProxySettings { get; init; } = [];

    /// <summary>The service's base address when <see cref="UseKestrel"/> is set.</summary>
    public Uri? ProxyUrl { get; private set; }

    private readonly List<IAsyncDisposable> _hosts = [];
    private WebApplication? _authStub;
    private string _authStubUrl = "";

    public PostgresServerFixture Postgres { get; } = new();

    public RedisServerFixture Redis { get; } = new();

    public RabbitMQServerFixture RabbitMQ { get; } = new();

    public HostTimeProvider Clock { get; } = new();

    /// <summary>Every line GitHubProxy.Api logs, to search for secrets.</summary>
    public CapturedLogs Logs { get; } = new();

    public string SigningKey { get; } = TestSecrets.NewKey();

    public string InternalApiKey { get; } = TestSecrets.NewApiKey();

    public string AccessListApiKey { get; } = TestSecrets.NewApiKey();

    public string AppPrivateKey { get; } = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();

    public string DashboardDb { get; private set; } = "";

    public Uri SimulatorUrl { get; private set; } = null!;

    public Dictionary<long, string> GitHubTokens { get; } = [];

    /// <summary>How many times the service asked the Auth.Api stand-in for a token.</summary>
    public int TokenRequests;

    public WebApplicationFactory<Program> Proxy { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync(), RabbitMQ.InitializeAsync());
        DashboardDb = await Databases.CreateAsync(Postgres, "dashboarddb");

        var simulator = new WebApplicationFactory<Simulator::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Simulator:ClientId", TestSecrets.GitHubClientId);
            b.UseSetting("Simulator:ClientSecret", TestSecrets.GitHubClientSecret);
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            if (WorldFile is not null)
            {
                b.UseSetting("Simulator:WorldFile", WorldFile);
            }
        });
        simulator.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        simulator.StartServer();
        _hosts.Add(simulator);
        SimulatorUrl = simulator.ClientOptions.BaseAddress;

        foreach (var (id, login) in Logins)
        {
            GitHubTokens[id] = await SignInToSimulatorAsync(login);
        }

        foreach (var (id, login) in new Dictionary<long, string> { [Scripted] = "scripted", [Newcomer] = "newcomer" })
        {
            Logins[id] = login;
            GitHubTokens[id] = $"gho_fake{id}";
        }

        await ClearRequestLogAsync();

        var authStubUrl = await StartAuthStubAsync();

        _authStubUrl = authStubUrl;
        Proxy = CreateProxy(ProxySettings);
        if (UseKestrel)
        {
            Proxy.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            Proxy.StartServer();
            ProxyUrl = Proxy.ClientOptions.BaseAddress;
        }
        else
        {
            _ = Proxy.Server;
        }

        _hosts.Add(Proxy);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Proxy.Services.GetRequiredService<EventBusConsumerStatus>().WaitForSubscriptionAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        if (_authStub is not null)
        {
            await _authStub.DisposeAsync();
        }

        Http.Dispose();
        await Task.WhenAll(Redis.DisposeAsync(), RabbitMQ.DisposeAsync(), Postgres.DisposeAsync());
    }

    /// <summary>A GitHubProxy.Api on the fixture's servers (its own queue and exchange), <paramref name="overrides"/> applied last.</summary>
    public WebApplicationFactory<Program> CreateProxy(IDictionary<string, string?>? overrides = null) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:dashboarddb"] = DashboardDb,
                ["ConnectionStrings:redis"] = Redis.ConnectionString,
                ["ConnectionStrings:eventbus"] = RabbitMQ.ConnectionString,
                ["EventBus:QueueName"] = $"githubproxy-tests-{Guid.NewGuid():N}",
                ["EventBus:ExchangeName"] = $"test.events.{Guid.NewGuid():N}",
                ["services:auth-api:http:0"] = _authStubUrl,
                ["GitHub:ApiBaseUrl"] = SimulatorUrl.ToString(),
                ["GitHub:WebBaseUrl"] = SimulatorUrl.ToString(),
                ["GitHub:ClientId"] = TestSecrets.GitHubClientId,
                ["GitHub:ClientSecret"] = TestSecrets.GitHubClientSecret,
                ["Identity:SigningKey"] = SigningKey,
                ["Internal:ApiKey"] = InternalApiKey,
                ["AccessList:ApiKey"] = AccessListApiKey,
                // The simulator checks an app JWT's issuer only (no App:PublicKey), so any RSA key makes installation tokens.
                ["GitHub:AppId"] = "12345",
                ["GitHub:PrivateKey"] = AppPrivateKey,
                // Tests run the reconciler's rounds themselves.
                ["GitHubProxy:ReconcileInterval"] = "1.00:00:00",
                ["Logging:LogLevel:Default"] = "Warning",
                // The service's own lines and every outgoing HTTP call, at every level, for the secret search.
                ["Logging:LogLevel:GitHubProxy"] = "Debug",
                ["Logging:LogLevel:System.Net.Http"] = "Debug",
            };
            foreach (var (key, value) in settings.Concat(overrides ?? new Dictionary<string, string?>()))
            {
                b.UseSetting(key, value);
            }

            b.ConfigureLogging(logging => logging.AddProvider(Logs));
            b.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                // GitHub checks an app JWT against its own clock: sign with the real one while the tests move the service's.
                services.AddSingleton(sp => new ActionsDashboard.GitHub.Apps.GitHubAppJwtFactory(
                    sp.GetRequiredService<IOptions<ActionsDashboard.GitHub.GitHubOptions>>(), TimeProvider.System));
            });
        });

    /// <summary>A client whose every request carries a fresh identity token for the user, as the gateway sends it.</summary>
    public HttpClient ClientFor(long userId) =>
        UseKestrel
            ? new HttpClient(new IdentityHandler(this, userId) { InnerHandler = new SocketsHttpHandler { UseProxy = false } }) { BaseAddress = ProxyUrl }
            : Proxy.CreateDefaultClient(new IdentityHandler(this, userId));

    /// <summary>A client of another GitHubProxy.Api (from <see cref="CreateProxy(IDictionary{string, string?}?)"/>) for the user, as the gateway sends it.</summary>
    public HttpClient ClientFor(WebApplicationFactory<Program> proxy, long userId) => proxy.CreateDefaultClient(new IdentityHandler(this, userId));

    /// <summary>A GitHubProxy.Api whose GitHub is <paramref name="gitHub"/>, <paramref name="overrides"/> applied last.</summary>
    public WebApplicationFactory<Program> CreateProxy(FakeGitHub gitHub, IDictionary<string, string?>? overrides = null) =>
        CreateProxy(new Dictionary<string, string?>
        {
            ["GitHub:ApiBaseUrl"] = gitHub.Url.ToString(),
            ["GitHub:WebBaseUrl"] = gitHub.Url.ToString(),
        }.Concat(overrides ?? new Dictionary<string, string?>()).ToDictionary());

    public string IdentityToken(long userId) =>
        new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = SigningKey }), Clock)
            .Issue(new InternalIdentity(userId, Logins[userId], $"session-{userId}"), "githubproxy-api");

    /// <summary>Forgets every cached answer, budget and access list, and the simulator's request log.</summary>
    public async Task ResetAsync()
    {
        using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true");
        foreach (var endpoint in redis.GetEndPoints())
        {
            await redis.GetServer(endpoint).FlushAllDatabasesAsync();
        }

        await ClearRequestLogAsync();
    }

    public async Task ClearRequestLogAsync() => (await Http.DeleteAsync(new Uri(SimulatorUrl, "/_simulator/requests"))).EnsureSuccessStatusCode();

    public async Task<JsonObject> RequestLogAsync() =>
        (JsonObject)JsonNode.Parse(await Http.GetStringAsync(new Uri(SimulatorUrl, "/_simulator/requests")))!;

    public async Task<int> GitHubCallsAsync() => (int)(await RequestLogAsync())["total"]!;

    public async Task<int> GitHubCallsAsync(string route)
    {
        var byRoute = (JsonObject)(await RequestLogAsync())["by_route"]!;
        return byRoute[route] is { } count ? (int)count : 0;
    }

    public async Task SetRemainingAsync(long userId, int remaining) =>
        (await Http.PostAsJsonAsync(new Uri(SimulatorUrl, "/_simulator/rate-limit"), new { token = GitHubTokens[userId], remaining }))
            .EnsureSuccessStatusCode();

    public async Task<JsonObject> StartRunAsync(string repository, string? conclusion = null)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(SimulatorUrl, "/_simulator/runs"), new { repository, conclusion });
        response.EnsureSuccessStatusCode();
        return (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    /// <summary>Creates a repository in the simulator (private, with a <c>CI</c> workflow, no runs) under a new GitHub id: its id.</summary>
    public async Task<long> CreateRepositoryAsync(string owner, string name, Dictionary<string, string> permissions)
    {
        using var response = await Http.PostAsJsonAsync(new Uri(SimulatorUrl, "/_simulator/repositories"), new { owner, name, permissions });
        response.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(response))["id"]!;
    }

    /// <summary>Renames a repository in the simulator: the same GitHub id under the new name.</summary>
    public async Task RenameRepositoryAsync(string fullName, string newName) =>
        (await Http.PostAsJsonAsync(new Uri(SimulatorUrl, $"/_simulator/repositories/{fullName}/rename"), new { name = newName })).EnsureSuccessStatusCode();

    /// <summary>Deletes a repository (and its runs) from the simulator: its name is free for a new repository.</summary>
    public async Task DeleteRepositoryAsync(string fullName) =>
        (await Http.DeleteAsync(new Uri(SimulatorUrl, $"/_simulator/repositories/{fullName}"))).EnsureSuccessStatusCode();

    /// <summary>Finishes the run now (a run that has already completed stays as it is).</summary>
    public async Task CompleteRunAsync(long runId, string conclusion = "failure")
    {
        using var response = await Http.PostAsync(new Uri(SimulatorUrl, $"/_simulator/runs/{runId}/complete?conclusion={conclusion}"), null);
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public Task PublishAsync(IntegrationEvent @event) => Proxy.Services.GetRequiredService<IEventBus>().PublishAsync(@event);

    public Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, params (string Name, object Value)[] parameters) =>
        Databases.QueryAsync(DashboardDb, sql, read, parameters);

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The OAuth web flow against the simulator (authorize, then exchange the code with PKCE): the user's token.</summary>
    private async Task<string> SignInToSimulatorAsync(string login)
    {
        var verifier = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        const string redirect = "http://127.0.0.1/auth/callback";
        using var authorize = await Http.GetAsync(new Uri(SimulatorUrl,
            $"/login/oauth/authorize?client_id={Uri.EscapeDataString(TestSecrets.GitHubClientId)}&redirect_uri={Uri.EscapeDataString(redirect)}" +
            $"&state=s&code_challenge={challenge}&code_challenge_method=S256&login={login}"));
        var location = authorize.Headers.Location ?? throw new InvalidOperationException($"Simulator sign-in of {login}: {(int)authorize.StatusCode}");
        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(SimulatorUrl, "/login/oauth/access_token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = TestSecrets.GitHubClientId,
                ["client_secret"] = TestSecrets.GitHubClientSecret,
                ["code"] = code,
                ["redirect_uri"] = redirect,
                ["code_verifier"] = verifier,
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (string?)body["access_token"] ?? throw new InvalidOperationException($"No token for {login}: {body.ToJsonString()}");
    }

    /// <summary>Auth.Api's <c>POST /internal/github-token</c>: checks the internal key and answers the identity's user's token.</summary>
    private async Task<string> StartAuthStubAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(Options.Create(new InternalIdentityOptions { SigningKey = SigningKey }));
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<InternalIdentityTokenValidator>();
        var app = builder.Build();
        app.MapPost("/internal/github-token", async (HttpRequest request, InternalIdentityTokenValidator validator) =>
        {
            Interlocked.Increment(ref TokenRequests);
            if (request.Headers.Authorization.ToString() != $"Bearer {InternalApiKey}")
            {
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var identity = await validator.ValidateAsync(request.Headers[InternalIdentityDefaults.HeaderName].ToString(), ["githubproxy-api"]);
            return identity.Identity is { } user && GitHubTokens.TryGetValue(user.UserId, out var token)
                ? Results.Json(new { accessToken = token, expiresAt = (DateTimeOffset?)null })
                : Results.Problem(title: "Session ended", statusCode: StatusCodes.Status401Unauthorized);
        });
        await app.StartAsync();
        _authStub = app;
        return app.Urls.First();
    }

    private sealed class IdentityHandler(GitHubProxyFixture fixture, long userId) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(InternalIdentityDefaults.HeaderName, fixture.IdentityToken(userId));
            return base.SendAsync(request, cancellationToken);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class GitHubProxyCollection : ICollectionFixture<GitHubProxyFixture>
{
    public const string Name = "githubproxy-api";
}
