using System.Net;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary><c>GET /user/teams</c> ("List teams for the authenticated user") and the control routes that change membership.</summary>
public sealed class TeamsTests : IAsyncLifetime
{
    // Each test its own simulator: membership changes would leak between tests.
    private readonly SimulatorFactory _simulator = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    private async Task<string> TokenAsync(string login) => (await _simulator.SignInAsync(login)).AccessToken;

    [Fact]
    public async Task Each_demo_user_lists_their_own_teams_in_GitHubs_team_shape()
    {
        var octocat = (JsonArray)await _simulator.GetJsonAsync("/user/teams", await TokenAsync("octocat"));
        var monalisa = (JsonArray)await _simulator.GetJsonAsync("/user/teams", await TokenAsync("monalisa"));
        var hubot = (JsonArray)await _simulator.GetJsonAsync("/user/teams", await TokenAsync("hubot"));

        var platform = Assert.Single(octocat)!;
        Assert.Equal("platform", platform["slug"]!.GetValue<string>());
        Assert.Equal("Platform", platform["name"]!.GetValue<string>());
        Assert.Equal("octo-org", platform["organization"]!["login"]!.GetValue<string>());
        Assert.Equal("Organization", platform["organization"]!["type"]!.GetValue<string>());
        Assert.True(platform["id"]!.GetValue<long>() > 0);
        Assert.EndsWith("/orgs/octo-org/teams/platform", platform["html_url"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var key in new[] { "node_id", "url", "description", "privacy", "permission", "members_url", "repositories_url", "members_count", "created_at" })
        {
            Assert.True(platform.AsObject().ContainsKey(key), $"the team has no '{key}'");
        }
        Assert.True(platform.AsObject().ContainsKey("parent"));

        Assert.Equal("frontend", Assert.Single(monalisa)!["slug"]!.GetValue<string>());
        Assert.Empty(hubot);
    }

    [Fact]
    public async Task Without_a_token_it_is_401_as_on_GitHub()
    {
        using var anonymous = await _simulator.CreateHttpClient().GetAsync("/user/teams");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Contains("Requires authentication", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Membership_changes_show_at_once_and_a_long_list_is_paged_with_a_link_header()
    {
        await _simulator.ControlAsync(HttpMethod.Put, "/_simulator/teams/octo-org/frontend/members/octocat");
        var token = await TokenAsync("octocat");

        var rest = _simulator.RestClient();
        var first = (await rest.ListTeamsForAuthenticatedUserAsync(new PageRequest { PerPage = 1 }, GitHubRequestOptions.ForToken(token))).GetValueOrThrow();
        Assert.Equal("platform", Assert.Single(first.Items).Slug);
        Assert.Equal("octo-org", first.Items[0].Organization!.Login);
        Assert.NotNull(first.Links.Next);
        Assert.Contains("page=2", first.Links.Last!.Query, StringComparison.Ordinal);
        var second = (await rest.ListTeamsForAuthenticatedUserAsync(new PageRequest { PerPage = 1, Page = 2 }, GitHubRequestOptions.ForToken(token))).GetValueOrThrow();
        Assert.Equal("frontend", Assert.Single(second.Items).Slug);
        Assert.Null(second.Links.Next);

        await _simulator.ControlAsync(HttpMethod.Delete, "/_simulator/teams/octo-org/platform/members/octocat");
        var after = (JsonArray)await _simulator.GetJsonAsync("/user/teams", token);
        Assert.Equal(["frontend"], after.Select(t => t!["slug"]!.GetValue<string>()));

        using var unknown = await _simulator.CreateHttpClient().PutAsync("/_simulator/teams/octo-org/nope/members/octocat", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
