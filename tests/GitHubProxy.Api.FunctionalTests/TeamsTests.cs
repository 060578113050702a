using System.Net.Http.Headers;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary><c>GET /api/user/teams</c> (GitHub's <c>/user/teams</c> with the user's token) and the internal
/// <c>/internal/users/{id}/teams</c> Alerts.Api reads, secured as the access-list route is.</summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class TeamsTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_internal_teams_route_needs_the_access_list_key()
    {
        using var client = fixture.Proxy.CreateClient();
        using var none = await client.GetAsync("/internal/users/1/teams");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/internal/users/1/teams");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.InternalApiKey);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task Each_users_teams_come_from_GitHub_and_the_internal_route_answers_the_last_known()
    {
        using var client = fixture.Proxy.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await GetTeamsAsync(client, GitHubProxyFixture.Octocat)).StatusCode);

        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var mine = await GitHubProxyFixture.ReadJsonAsync(await octocat.GetAsync("/api/user/teams"));
        var team = Assert.Single(mine["teams"]!.AsArray())!;
        Assert.Equal("octo-org/platform", (string)team["team"]!);
        Assert.Equal("octo-org", (string)team["organization"]!);
        Assert.Equal("platform", (string)team["slug"]!);
        Assert.Equal("Platform", (string)team["name"]!);

        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        var hers = await GitHubProxyFixture.ReadJsonAsync(await monalisa.GetAsync("/api/user/teams"));
        Assert.Equal(["octo-org/frontend"], hers["teams"]!.AsArray().Select(t => (string)t!["team"]!));

        using var response = await GetTeamsAsync(client, GitHubProxyFixture.Octocat);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var known = await GitHubProxyFixture.ReadJsonAsync(response);
        Assert.Equal(GitHubProxyFixture.Octocat, (long)known["userId"]!);
        Assert.Equal(["octo-org/platform"], known["teams"]!.AsArray().Select(t => (string)t!["team"]!));
    }

    [Fact]
    public async Task Leaving_a_team_shows_once_the_brief_cache_time_has_passed()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var client = fixture.Proxy.CreateClient();
        (await octocat.GetAsync("/api/user/teams")).EnsureSuccessStatusCode();
        try
        {
            (await fixture.Http.DeleteAsync(new Uri(fixture.SimulatorUrl, "/_simulator/teams/octo-org/platform/members/octocat"))).EnsureSuccessStatusCode();
            // Within the minute: still the cached list.
            var cached = await GitHubProxyFixture.ReadJsonAsync(await octocat.GetAsync("/api/user/teams"));
            Assert.Single(cached["teams"]!.AsArray());

            fixture.Clock.Advance(TimeSpan.FromMinutes(1.5));
            var fresh = await GitHubProxyFixture.ReadJsonAsync(await octocat.GetAsync("/api/user/teams"));
            Assert.Empty(fresh["teams"]!.AsArray());
            var known = await GitHubProxyFixture.ReadJsonAsync(await GetTeamsAsync(client, GitHubProxyFixture.Octocat));
            Assert.Empty(known["teams"]!.AsArray());
        }
        finally
        {
            (await fixture.Http.PutAsync(new Uri(fixture.SimulatorUrl, "/_simulator/teams/octo-org/platform/members/octocat"), null)).EnsureSuccessStatusCode();
        }
    }

    private Task<HttpResponseMessage> GetTeamsAsync(HttpClient client, long userId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/internal/users/{userId}/teams");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AccessListApiKey);
        return client.SendAsync(request);
    }
}
