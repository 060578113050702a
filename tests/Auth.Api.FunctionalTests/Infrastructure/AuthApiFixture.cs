extern alias Simulator;

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.Identity;
using ActionsDashboard.Identity.Sessions;
using Auth.Api.Services;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Auth.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Real PostgreSQL and Redis, the GitHub simulator and Auth.Api (both on Kestrel, loopback, free ports), Auth.Api on a
/// clock the tests move. Shared by every test class (one collection), which run one after another.
/// </summary>
public sealed class AuthApiFixture : IAsyncLifetime
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(12);
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromDays(2);

    private readonly List<IAsyncDisposable> _hosts = [];

    public PostgresServerFixture Postgres { get; } = new();

    public RedisServerFixture Redis { get; } = new();

    public HostTimeProvider Clock { get; } = new();

    public CapturedLogs Logs { get; } = new();

    public string TokenKey { get; } = TestSecrets.NewKey();

    public string InternalApiKey { get; } = TestSecrets.NewApiKey();

    public string SigningKey { get; } = TestSecrets.NewKey();

    public string AuthDb { get; private set; } = "";

    public Uri SimulatorUrl { get; private set; } = null!;

    public Uri AuthApiUrl { get; private set; } = null!;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Postgres.InitializeAsync(), Redis.InitializeAsync());
        AuthDb = await Databases.CreateAsync(Postgres, "authdb");

        var simulator = new WebApplicationFactory<Simulator::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Simulator:ClientId", TestSecrets.GitHubClientId);
            b.UseSetting("Simulator:ClientSecret", TestSecrets.GitHubClientSecret);
        });
        simulator.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        simulator.StartServer();
        _hosts.Add(simulator);
        SimulatorUrl = simulator.ClientOptions.BaseAddress;

        AuthApiUrl = StartAuthApi().ClientOptions.BaseAddress;
    }

    /// <summary>Another Auth.Api on the same database and Redis, with <paramref name="overrides"/> applied last.</summary>
    public WebApplicationFactory<Program> StartAuthApi(IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:authdb"] = AuthDb,
            ["ConnectionStrings:redis"] = Redis.ConnectionString,
            ["GitHub:ApiBaseUrl"] = SimulatorUrl.ToString(),
            ["GitHub:WebBaseUrl"] = SimulatorUrl.ToString(),
            ["GitHub:ClientId"] = TestSecrets.GitHubClientId,
            ["GitHub:ClientSecret"] = TestSecrets.GitHubClientSecret,
            ["Auth:TokenKeys:2026-01"] = TokenKey,
            ["Auth:ActiveTokenKey"] = "2026-01",
            ["Auth:IdleTimeout"] = IdleTimeout.ToString(),
            ["Auth:AbsoluteTimeout"] = AbsoluteTimeout.ToString(),
            ["Internal:ApiKey"] = InternalApiKey,
            ["Identity:SigningKey"] = SigningKey,
            // Everything is logged, so the secret search sees every line any level could write.
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            ["Logging:LogLevel:System.Net.Http"] = "Debug",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }

            b.ConfigureLogging(logging => logging.AddProvider(Logs));
            b.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        });
        factory.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        factory.StartServer();
        _hosts.Add(factory);
        return factory;
    }

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }

        Http.Dispose();
        await Task.WhenAll(Redis.DisposeAsync(), Postgres.DisposeAsync());
    }

    public Uri Auth(string pathAndQuery, Uri? authApi = null) => new(authApi ?? AuthApiUrl, pathAndQuery);

    /// <summary>The whole sign-in in <paramref name="browser"/>: /auth/github → simulator → /auth/callback → return URL.
    /// Returns the session cookie's value.</summary>
    public async Task<string> SignInAsync(Browser browser, string login, Uri? authApi = null)
    {
        using var final = await browser.GetFollowingAsync(Auth($"/auth/github?login={login}", authApi));
        return browser.CookieValue(authApi ?? AuthApiUrl, SessionCookies.DevelopmentSessionName)
            ?? throw new InvalidOperationException($"Sign-in of {login} set no session cookie; ended with {(int)final.StatusCode}.");
    }

    /// <summary>What GitHubProxy.Api would do: ask for the user's GitHub token with the gateway's identity token.</summary>
    public async Task<HttpResponseMessage> RequestGitHubTokenAsync(string sessionId, long userId, string login, string audience = "githubproxy-api",
        Uri? authApi = null)
    {
        var issuer = new InternalIdentityTokenIssuer(Options.Create(new InternalIdentityOptions { SigningKey = SigningKey }), Clock);
        using var request = new HttpRequestMessage(HttpMethod.Post, Auth("/internal/github-token", authApi));
        request.Headers.Authorization = new("Bearer", InternalApiKey);
        request.Headers.Add(InternalIdentityDefaults.HeaderName, issuer.Issue(new InternalIdentity(userId, login, SessionSecrets.Hash(sessionId)), audience));
        return await Http.SendAsync(request);
    }

    public async Task<string> GetGitHubTokenAsync(string sessionId, long userId, string login, Uri? authApi = null)
    {
        using var response = await RequestGitHubTokenAsync(sessionId, userId, login, authApi: authApi);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GitHubAccessTokenResponse>())!.AccessToken;
    }

    /// <summary>Whether the simulator accepts <paramref name="accessToken"/> for GET /user.</summary>
    public async Task<bool> GitHubAcceptsAsync(string accessToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(SimulatorUrl, "/user"));
        request.Headers.Authorization = new("Bearer", accessToken);
        request.Headers.UserAgent.ParseAdd("functional-tests");
        using var response = await Http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Uses the session's refresh token behind Auth.Api's back (as a thief or a revocation would), so GitHub
    /// refuses it when Auth.Api tries.</summary>
    public async Task SpendStoredRefreshTokenAsync(string sessionId)
    {
        var hash = SessionSecrets.Hash(sessionId);
        var row = JsonNode.Parse((await ReadTableAsync("sessions")).Single(r => r.Contains(hash, StringComparison.Ordinal)))!;
        var ciphertext = Convert.FromHexString(((string)row["refresh_token_ciphertext"]!)[2..]);
        var protector = CreateTokenProtector(new() { ["2026-01"] = TokenKey }, "2026-01");
        var refreshToken = protector.Unprotect(ciphertext, (string)row["token_key_id"]!, TokenProtector.RefreshTokenPurpose(hash));
        using var refresh = await Http.PostAsync(new Uri(SimulatorUrl, "/login/oauth/access_token"), new FormUrlEncodedContent(
            new Dictionary<string, string>
            {
                ["client_id"] = TestSecrets.GitHubClientId,
                ["client_secret"] = TestSecrets.GitHubClientSecret,
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
            }));
        Assert.Contains("access_token", await refresh.Content.ReadAsStringAsync());
    }

    /// <summary>Every row of the table as JSON text (bytea columns as hex).</summary>
    public async Task<List<string>> ReadTableAsync(string table)
    {
        await using var connection = new NpgsqlConnection(AuthDb);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT row_to_json(t)::text FROM {table} t", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    public TokenProtector CreateTokenProtector(Dictionary<string, string> keys, string active) =>
        new(Options.Create(new AuthOptions { TokenKeys = keys, ActiveTokenKey = active }));

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}

[CollectionDefinition(Name)]
public sealed class AuthApiCollection : ICollectionFixture<AuthApiFixture>
{
    public const string Name = "auth-api";
}
