using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

/// <summary>A browser signed in through the gateway with the simulator as GitHub (as tests/ActionsDashboard.EndToEndTests'
/// GatewaySession does): its cookies, and the CSRF token the gateway wants on unsafe methods.</summary>
internal sealed class Browser(HttpClient http, CookieContainer cookies, string csrf) : IDisposable
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;
    public string Csrf { get; } = csrf;

    public static async Task<Browser> SignInAsync(Uri gateway, string login)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new BrowserCookieHandler(cookies, followRedirects: true))
        {
            BaseAddress = gateway,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        (await http.GetAsync($"/auth/github?returnUrl=/&login={login}")).EnsureSuccessStatusCode();
        var csrf = (string)JsonNode.Parse(await http.GetStringAsync("/auth/session"))!["csrfToken"]!;
        http.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        return new Browser(http, cookies, csrf);
    }

    /// <summary>Makes <paramref name="repository"/> the user's one selected repository, as the repository picker saves it
    /// (GitHubProxy.Api then knows the user's access, and the hub sends the repository's events).</summary>
    public async Task SelectAsync(string repository)
    {
        (await Http.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        (await Http.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName = repository, category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        })).EnsureSuccessStatusCode();
    }

    public void Dispose() => Http.Dispose();
}
