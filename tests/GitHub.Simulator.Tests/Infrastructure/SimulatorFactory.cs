using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.GitHub.Rest;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Tests.Infrastructure;

/// <summary>
/// The simulator in-process on a test server, with a fixed random seed. Settings are <c>Simulator:*</c> keys; the
/// defaults here: no webhook URL (deliveries recorded, not sent), scenario off.
/// </summary>
public class SimulatorFactory : WebApplicationFactory<Program>
{
    public const string ClientId = "Iv1.test-client";
    public const string ClientSecret = "test-client-secret";
    public const string RedirectUri = "http://localhost/auth/callback";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Simulator:ClientId"] = ClientId,
        ["Simulator:ClientSecret"] = ClientSecret,
        ["Simulator:Scenario:Seed"] = "42",
    };

    public SimulatorFactory()
    {
    }

    /// <summary>A fixture needs one public constructor; other settings come through a subclass or <see cref="Create"/>.</summary>
    protected SimulatorFactory(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public static SimulatorFactory Create(IEnumerable<KeyValuePair<string, string?>> settings) => new Configured(settings);

    private sealed class Configured(IEnumerable<KeyValuePair<string, string?>> settings) : SimulatorFactory(settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>An HttpClient on the test server that does not follow redirects (the OAuth tests read them).</summary>
    public HttpClient CreateHttpClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public GitHubOptions LibraryOptions => new()
    {
        ApiBaseUrl = Server.BaseAddress.ToString(),
        WebBaseUrl = Server.BaseAddress.ToString(),
        ClientId = ClientId,
        ClientSecret = ClientSecret,
        AppId = "12345",
    };

    /// <summary>The project's GitHub REST client, pointed at the simulator.</summary>
    public GitHubRestClient RestClient() => new(CreateHttpClient(), Options.Create(LibraryOptions));

    public GitHubOAuthClient OAuthClient() => new(CreateHttpClient(), Options.Create(LibraryOptions));

    /// <summary>Signs <paramref name="login"/> in through the whole web flow (authorize, PKCE, code exchange).</summary>
    public async Task<GitHubOAuthToken> SignInAsync(string login)
    {
        var verifier = Pkce.CreateVerifier();
        var code = await AuthorizeAsync(login, Pkce.ComputeChallenge(verifier));
        return await OAuthClient().ExchangeCodeAsync(code, RedirectUri, verifier);
    }

    /// <summary>Runs <c>/login/oauth/authorize</c> and returns the code from the redirect.</summary>
    public async Task<string> AuthorizeAsync(string login, string challenge, string state = "state-1")
    {
        var url = OAuthClient().BuildAuthorizeUrl(new GitHubAuthorizeRequest
        {
            RedirectUri = RedirectUri,
            State = state,
            CodeChallenge = challenge,
            Login = login,
        });
        using var response = await CreateHttpClient().GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.Found, response.StatusCode);
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.Equal(state, query["state"].ToString());
        return query["code"].ToString();
    }

    public async Task<JsonNode> GetJsonAsync(string path, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await CreateHttpClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A control API call (<c>/_simulator/...</c>) that must succeed; returns its JSON body.</summary>
    public async Task<JsonNode> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await CreateHttpClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    /// <summary>Starts a run through the control API; returns its id.</summary>
    public async Task<long> StartRunAsync(string repository = "octo-org/octo-repo", string? branch = null, string? actor = null, long? workflowId = null)
    {
        var run = await ControlAsync(HttpMethod.Post, "/_simulator/runs", new Dictionary<string, object?>
        {
            ["repository"] = repository,
            ["branch"] = branch,
            ["actor"] = actor,
            ["workflow_id"] = workflowId,
        }.Where(p => p.Value is not null).ToDictionary());
        return run["id"]!.GetValue<long>();
    }

    public Task<JsonNode> CompleteRunAsync(long runId, string conclusion = "success") =>
        ControlAsync(HttpMethod.Post, $"/_simulator/runs/{runId}/complete?conclusion={conclusion}");

    public async Task<JsonArray> DeliveriesAsync(long? runId = null) =>
        (JsonArray)await ControlAsync(HttpMethod.Get, runId is null ? "/_simulator/deliveries" : $"/_simulator/deliveries?run_id={runId}");
}
