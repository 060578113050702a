using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EndToEndTests;

/// <summary>A client signed in through the gateway with the simulator as GitHub (demo mode), as a browser would be: its
/// cookies, and the CSRF token the gateway wants on unsafe methods sent with every request.</summary>
internal static class GatewaySession
{
    public static async Task<HttpClient> SignInAsync(Uri gateway, string login, CookieContainer? cookies = null)
    {
        var http = new HttpClient(new BrowserCookieHandler(cookies ?? new CookieContainer(), followRedirects: true))
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        using (var signIn = await http.GetAsync($"/auth/github?returnUrl=/&login={login}"))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        var session = await http.GetFromJsonAsync<JsonObject>("/auth/session");
        http.DefaultRequestHeaders.Add("X-CSRF-Token", (string)session!["csrfToken"]!);
        return http;
    }

    /// <summary>Makes <paramref name="repository"/> the user's one selected repository, as the repository picker saves it
    /// (GitHubProxy.Api then knows the user's access).</summary>
    public static async Task SelectAsync(HttpClient http, string repository)
    {
        using (var repos = await http.GetAsync("/api/repos"))
        {
            Assert.Equal(HttpStatusCode.OK, repos.StatusCode);
        }

        using var saved = await http.PutAsJsonAsync("/api/settings", new
        {
            repositories = new[] { new { fullName = repository, category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }
}
