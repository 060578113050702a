using System.Globalization;
using System.Net.Http.Headers;
using ActionsDashboard.IntegrationEvents;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class InternalAccessTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_access_list_route_needs_its_own_key()
    {
        using var client = fixture.Proxy.CreateClient();
        using var none = await client.GetAsync("/internal/users/1/access");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/internal/users/1/access");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.InternalApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_a_known_one_gets_repositories_and_selection()
    {
        using var client = fixture.Proxy.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await GetAccessAsync(client, 424242)).StatusCode);

        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        (await monalisa.PutAsJsonAsync("/api/settings", new
        {
            repositories = new object[] { new { fullName = "octo-org/octo-repo", category = (string?)null } },
            pinned = Array.Empty<string>(),
            theme = "system",
            autoRefresh = new { enabled = true, intervalSeconds = 60 },
            notifications = new { failedRunsOnPinned = false },
        })).EnsureSuccessStatusCode();

        using var response = await GetAccessAsync(client, GitHubProxyFixture.Monalisa);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal(GitHubProxyFixture.Monalisa, (long)body["userId"]!);
        Assert.Contains("octo-org/octo-repo", body["repositories"]!.AsArray().Select(r => (string)r!));
        Assert.DoesNotContain("octo-org/infra", body["repositories"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["octo-org/octo-repo"], body["selected"]!.AsArray().Select(r => (string)r!).ToArray());
        Assert.NotNull(body["refreshedAt"]);
        // GitHub's id of every repository of the list (the simulator's octo-org/octo-repo), keyed by the same name.
        var ids = body["repositoryIds"]!.AsObject();
        Assert.Equal(217723378L, (long)ids["octo-org/octo-repo"]!);
        Assert.Equal(body["repositories"]!.AsArray().Select(r => (string)r!).Order(), ids.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task An_installation_removal_cuts_the_repository_from_access_lists_at_once()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        (await octocat.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        using var client = fixture.Proxy.CreateClient();

        await fixture.PublishAsync(new InstallationChanged
        {
            DeliveryId = Guid.NewGuid().ToString(),
            GitHubEvent = "installation_repositories",
            Action = "removed",
            InstallationId = 3456996,
            Account = "octo-org",
            RepositoriesRemoved = [new RepositoryReference(1, "octo-org/infra", "octo-org", "infra")],
        });

        var repositories = await Eventually.WaitForAsync(async () =>
            {
                using var response = await GetAccessAsync(client, GitHubProxyFixture.Octocat);
                return (await GitHubProxyFixture.ReadJsonAsync(response))["repositories"]!.AsArray().Select(r => (string)r!).ToList();
            }, list => !list.Contains("octo-org/infra"), TimeSpan.FromSeconds(20), "for the removed repository to leave the access list");
        Assert.Contains("octo-org/octo-repo", repositories);

        // The next use asks GitHub for the whole list again (the simulator still grants it, so it comes back).
        await fixture.ClearRequestLogAsync();
        var repos = await octocat.GetFromJsonAsync<JsonObject>("/api/repos");
        Assert.Equal(1, await fixture.GitHubCallsAsync());
        Assert.Contains(repos!["repositories"]!.AsArray(), r => (string)r!["fullName"]! == "octo-org/infra");
    }

    [Fact]
    public async Task A_list_past_its_age_limit_grants_nothing_until_the_next_api_call_refreshes_it()
    {
        await using var proxy = fixture.CreateProxy(new Dictionary<string, string?>
        {
            ["GitHubProxy:RepositoriesFreshness"] = "00:00:10",
            ["GitHubProxy:AccessListMaxAge"] = "00:00:20",
        });
        using var octocat = fixture.ClientFor(proxy, GitHubProxyFixture.Octocat);
        (await octocat.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        using var client = proxy.CreateClient();

        var fresh = await ReadAccessAsync(client);
        Assert.Contains("octo-org/octo-repo", fresh["repositories"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(DateTimeOffset.Parse((string)fresh["refreshedAt"]!, CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(20),
            DateTimeOffset.Parse((string)fresh["expiresAt"]!, CultureInfo.InvariantCulture));

        // Nobody used /api for longer than the age limit: the stored list is not handed out any more.
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        var expired = await ReadAccessAsync(client);
        Assert.Empty(expired["repositories"]!.AsArray());
        Assert.Empty(expired["selected"]!.AsArray());
        Assert.Empty(expired["repositoryIds"]!.AsObject());
        Assert.True(DateTimeOffset.Parse((string)expired["expiresAt"]!, CultureInfo.InvariantCulture) < fixture.Clock.GetUtcNow());

        // The browser's next /api call asks GitHub again, and the list grants once more.
        (await octocat.GetAsync("/api/repos")).EnsureSuccessStatusCode();
        Assert.Contains("octo-org/octo-repo", (await ReadAccessAsync(client))["repositories"]!.AsArray().Select(r => (string)r!));
    }

    private async Task<JsonObject> ReadAccessAsync(HttpClient client)
    {
        using var response = await GetAccessAsync(client, GitHubProxyFixture.Octocat);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await GitHubProxyFixture.ReadJsonAsync(response);
    }

    private Task<HttpResponseMessage> GetAccessAsync(HttpClient client, long userId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/users/{userId}/access");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AccessListApiKey);
        return client.SendAsync(request);
    }
}
