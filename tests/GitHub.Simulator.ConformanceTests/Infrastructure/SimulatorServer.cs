using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Octokit.Internal;

namespace GitHub.Simulator.ConformanceTests.Infrastructure;

/// <summary>
/// The simulator on a real Kestrel listener on 127.0.0.1, delivering webhooks to a real receiver, with an app key so
/// installation tokens need a properly signed JWT. Octokit reaches it over sockets like it would reach GitHub; only
/// the simulator's own control API (<c>/_simulator/*</c>, not part of GitHub) is called without Octokit.
/// </summary>
public sealed class SimulatorServer : IAsyncLifetime
{
    public const string ClientId = "Iv1.conformance-client";
    public const string ClientSecret = "conformance-client-secret";
    public const string WebhookSecret = "conformance-webhook-secret";
    public const string AppId = "12345";
    public static readonly Uri RedirectUri = new("http://localhost/auth/callback");

    public static readonly ProductHeaderValue Product = new("ActionsDashboard-Conformance", "1.0");

    private readonly RSA _appKey = RSA.Create(2048);
    private WebApplicationFactory<Program>? _factory;

    /// <summary>The simulator's root, as one would configure it for a GitHub Enterprise Server: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri Url { get; private set; } = null!;

    public WebhookReceiver Webhooks { get; private set; } = null!;

    /// <summary>For the control API and the browser's part of the OAuth flow (the redirect): no redirects followed.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false });

    public async Task InitializeAsync()
    {
        Webhooks = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:ClientId"] = ClientId,
            ["Simulator:ClientSecret"] = ClientSecret,
            ["Simulator:Scenario:Seed"] = "7",
            ["Simulator:WebhookUrl"] = Webhooks.Url,
            ["Simulator:WebhookSecret"] = WebhookSecret,
            ["Simulator:App:Id"] = AppId,
            ["Simulator:App:PublicKey"] = _appKey.ExportSubjectPublicKeyInfoPem(),
        };
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        });
        _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        Url = _factory.ClientOptions.BaseAddress;
    }

    /// <summary>
    /// An Octokit client configured the way one configures it for GitHub Enterprise Server: the server's URL, to which
    /// Octokit's own <see cref="GitHubClient"/> constructor adds <c>/api/v3/</c>. The connection is rebuilt on that
    /// same base address only to put <paramref name="wire"/> under it.
    /// </summary>
    public GitHubClient Client(Credentials? credentials = null, WireLog? wire = null)
    {
        var enterpriseBase = new GitHubClient(Product, Url).Connection.BaseAddress;
        return ClientAt(enterpriseBase, credentials, wire);
    }

    /// <summary>An Octokit client on an explicit base address (the simulator's root layout, without the prefix).</summary>
    public static GitHubClient ClientAt(Uri baseAddress, Credentials? credentials = null, WireLog? wire = null)
    {
        var handler = wire ?? new WireLog();
        var connection = new Connection(Product, baseAddress, new InMemoryCredentialStore(credentials ?? Credentials.Anonymous),
            new HttpClientAdapter(() => handler), new SimpleJsonSerializer());
        return new GitHubClient(connection);
    }

    /// <summary>The OAuth web flow: Octokit's login URL, the browser's redirect, Octokit's code exchange.</summary>
    public async Task<OauthToken> SignInAsync(string login)
    {
        var oauth = Client().Oauth;
        var state = Guid.NewGuid().ToString("N");
        var loginUrl = oauth.GetGitHubLoginUrl(new OauthLoginRequest(ClientId) { RedirectUri = RedirectUri, State = state, Login = login });
        using var redirect = await Http.GetAsync(loginUrl);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var query = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query);
        Assert.Equal(state, query["state"].ToString());
        var token = await oauth.CreateAccessToken(new OauthTokenRequest(ClientId, ClientSecret, query["code"].ToString()) { RedirectUri = RedirectUri });
        Assert.True(token.Error is null, $"code exchange failed: {token.Error} {token.ErrorDescription}");
        return token;
    }

    public async Task<GitHubClient> UserClientAsync(string login, WireLog? wire = null) =>
        Client(new Credentials((await SignInAsync(login)).AccessToken), wire);

    /// <summary>A GitHub App JWT (RS256, <c>iss</c> = the app id, 9 minutes), signed with the key the simulator verifies.</summary>
    public string AppJwt()
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.AddSeconds(-60).ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(9).ToUnixTimeSeconds(),
            ["iss"] = AppId,
        }));
        var signature = _appKey.SignData(Encoding.ASCII.GetBytes($"{header}.{payload}"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{header}.{payload}.{Base64Url.EncodeToString(signature)}";
    }

    // ---- the simulator's control API (a test tool, not GitHub's API) ---------------------------------------------

    public async Task<JsonNode> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(Url, path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Starts a run; returns its id.</summary>
    public async Task<long> StartRunAsync(string repository = "octo-org/octo-repo", string? branch = null, string? actor = null,
        long? workflowId = null, string? conclusion = null)
    {
        var run = await ControlAsync(HttpMethod.Post, "/_simulator/runs", new Dictionary<string, object?>
        {
            ["repository"] = repository,
            ["branch"] = branch,
            ["actor"] = actor,
            ["workflow_id"] = workflowId,
            ["conclusion"] = conclusion,
        }.Where(p => p.Value is not null).ToDictionary());
        return run["id"]!.GetValue<long>();
    }

    public Task AdvanceRunAsync(long runId) => ControlAsync(HttpMethod.Post, $"/_simulator/runs/{runId}/advance");

    public Task CompleteRunAsync(long runId, string conclusion = "success") =>
        ControlAsync(HttpMethod.Post, $"/_simulator/runs/{runId}/complete?conclusion={conclusion}");

    /// <summary>Sets one token's remaining budget or its secondary limit.</summary>
    public Task SetRateLimitAsync(string token, int? remaining = null, bool? secondary = null) =>
        ControlAsync(HttpMethod.Post, "/_simulator/rate-limit", new Dictionary<string, object?>
        {
            ["token"] = token,
            ["remaining"] = remaining,
            ["secondary"] = secondary,
        }.Where(p => p.Value is not null).ToDictionary());

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        await Webhooks.DisposeAsync();
        _appKey.Dispose();
    }
}

/// <summary>One simulator for every conformance test: its tests run one after another and leave no shared state behind.</summary>
[CollectionDefinition(Name)]
public sealed class SimulatorCollection : ICollectionFixture<SimulatorServer>
{
    public const string Name = "simulator";
}
