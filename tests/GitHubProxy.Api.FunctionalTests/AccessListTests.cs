using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>The access list grants access: it must follow GitHub page by page, and never grant from an old copy.</summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class AccessListTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    private static readonly object NoWorkflows = new { total_count = 0, workflows = Array.Empty<object>() };

    // Short freshness (the access list may then be 20 s old at most), so the shared clock moves seconds, not minutes: the
    // simulator's rate-limit reset runs on the real clock.
    private static readonly Dictionary<string, string?> ShortFreshness = new()
    {
        ["GitHubProxy:RepositoriesFreshness"] = "00:00:10",
        ["GitHubProxy:AccessListMaxAge"] = "00:00:20",
        ["GitHubProxy:WorkflowsFreshness"] = "00:00:10",
        ["GitHubProxy:StaleWhileRevalidate"] = "00:00:01",
    };

    public Task InitializeAsync() => fixture.ResetAsync();

    public async Task DisposeAsync()
    {
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 5000);
        await fixture.ResetAsync();
    }

    [Fact]
    public async Task A_repository_lost_on_a_later_page_is_refused_after_the_next_revalidation()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        var firstPage = Enumerable.Range(0, 100).Select(i => $"fake-org/repo-{i:000}").ToArray();
        gitHub.RepositoryPages = [firstPage, ["fake-org/kept", "fake-org/lost"]];
        gitHub.Json("/repos/fake-org/lost/actions/workflows", NoWorkflows);
        gitHub.Json("/repos/fake-org/kept/actions/workflows", NoWorkflows);
        await using var proxy = fixture.CreateProxy(gitHub, ShortFreshness);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);

        using (var granted = await client.GetAsync("/api/repos/fake-org/lost/workflows"))
        {
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        }

        // The user loses the repository on page 2; page 1 stays exactly as it was (GitHub answers it 304).
        gitHub.RepositoryPages = [firstPage, ["fake-org/kept"]];
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));

        using var refused = await client.GetAsync("/api/repos/fake-org/lost/workflows");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("Repository not found", (string?)(await GitHubProxyFixture.ReadJsonAsync(refused))["title"]);
        using var kept = await client.GetAsync("/api/repos/fake-org/kept/workflows");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        var repositories = (await client.GetFromJsonAsync<JsonObject>("/api/repos"))!["repositories"]!.AsArray();
        Assert.Equal(101, repositories.Count);
    }

    [Fact]
    public async Task An_unchanged_list_of_several_pages_is_revalidated_with_a_304_per_page()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [Enumerable.Range(0, 100).Select(i => $"fake-org/repo-{i:000}").ToArray(), ["fake-org/last"]];
        await using var proxy = fixture.CreateProxy(gitHub, ShortFreshness);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);
        var first = await client.GetFromJsonAsync<JsonObject>("/api/repos");
        gitHub.Requests.Clear();

        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        var again = await client.GetFromJsonAsync<JsonObject>("/api/repos");

        Assert.NotEqual((string?)first!["fetchedAt"], (string?)again!["fetchedAt"]);
        Assert.False((bool)again["stale"]!);
        // Both pages asked with their ETags, both 304: nothing more (a changed page would read the whole list again).
        var listCalls = gitHub.Requests.Where(r => r.StartsWith("GET /user/repos?", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, listCalls.Count);
        Assert.Contains(listCalls, r => r.Contains("page=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_access_list_past_its_age_limit_is_refused_with_503_when_GitHub_cannot_be_asked()
    {
        await using var proxy = fixture.CreateProxy(ShortFreshness);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Octocat);
        (await client.GetAsync("/api/repos/octo-org/octo-repo/workflows")).EnsureSuccessStatusCode();
        await fixture.SetRemainingAsync(GitHubProxyFixture.Octocat, 0);

        // Past AccessListMaxAge (20 s here): GitHub refuses (rate limit), and the old list must not grant access.
        fixture.Clock.Advance(TimeSpan.FromSeconds(30));
        using var refused = await client.GetAsync("/api/repos/octo-org/octo-repo/workflows");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);

        // Now the budget is known to be used up: still refused, without asking GitHub.
        await fixture.ClearRequestLogAsync();
        using var again = await client.GetAsync("/api/repos/octo-org/octo-repo/workflows");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
        Assert.NotNull(again.Headers.RetryAfter);
        Assert.Equal(0, await fixture.GitHubCallsAsync());
    }

    [Fact]
    public async Task A_low_budget_does_not_let_an_old_access_list_keep_granting()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/kept", "fake-org/lost"]];
        gitHub.Json("/repos/fake-org/lost/actions/workflows", NoWorkflows);
        gitHub.Json("/repos/fake-org/kept/actions/workflows", NoWorkflows);
        await using var proxy = fixture.CreateProxy(gitHub, ShortFreshness);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);
        using (var granted = await client.GetAsync("/api/repos/fake-org/lost/workflows"))
        {
            Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        }

        // The user loses the repository while the token's budget runs low (10 left, under the 50 kept in reserve): other
        // resources would now be served from the cache, but the access list is asked again (a 304 costs nothing).
        gitHub.RepositoryPages = [["fake-org/kept"]];
        await proxy.Services.GetRequiredService<RateLimitBudget>().RecordAsync(GitHubProxyFixture.Scripted,
            new RateLimit(5000, 10, 4990, fixture.Clock.GetUtcNow().AddHours(1), "core"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));

        using var refused = await client.GetAsync("/api/repos/fake-org/lost/workflows");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains(gitHub.Requests, r => r.StartsWith("GET /user/repos?", StringComparison.Ordinal));
    }
}
