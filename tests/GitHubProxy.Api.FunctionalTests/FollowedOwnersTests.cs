using System.Net.Http.Headers;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>
/// Following a whole owner: its repositories on the user's access list join the dashboard, less the excluded ones, and a
/// repository that appears on GitHub later shows up after the next refresh of the list, with no change to the settings.
/// </summary>
[Collection(GitHubProxyCollection.Name)]
public sealed class FollowedOwnersTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    // Short freshness, so the shared clock moves seconds (as in AccessListTests).
    private static readonly Dictionary<string, string?> ShortFreshness = new()
    {
        ["GitHubProxy:RepositoriesFreshness"] = "00:00:10",
        ["GitHubProxy:AccessListMaxAge"] = "00:00:20",
        ["GitHubProxy:StaleWhileRevalidate"] = "00:00:01",
    };

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    private static object SettingsWith(object[] repositories, object[] followedOwners) => new
    {
        repositories,
        pinned = Array.Empty<string>(),
        followedOwners,
        theme = "system",
        autoRefresh = new { enabled = true, intervalSeconds = 60 },
        notifications = new { failedRunsOnPinned = false },
    };

    private static async Task<string[]> DashboardNamesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/dashboard"))!["repositories"]!.AsArray().Select(r => (string)r!["fullName"]!).ToArray();

    [Fact]
    public async Task A_new_repository_of_a_followed_owner_appears_after_the_access_list_refresh_and_an_excluded_one_does_not()
    {
        await using var gitHub = await FakeGitHub.StartAsync();
        gitHub.RepositoryPages = [["fake-org/alpha", "fake-org/skipped", "other/solo", "other/picked"]];
        await using var proxy = fixture.CreateProxy(gitHub, ShortFreshness);
        using var client = fixture.ClientFor(proxy, GitHubProxyFixture.Scripted);

        using var put = await client.PutAsJsonAsync("/api/settings", SettingsWith(
            [new { fullName = "other/picked", category = "Mine" }],
            [new { owner = "FAKE-ORG", exclude = new[] { "skipped", "fake-org/later-excluded", "Skipped" }, category = " Org " }]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var saved = await GitHubProxyFixture.ReadJsonAsync(put);
        var followed = saved["followedOwners"]!.AsArray().Single()!;
        Assert.Equal("fake-org", (string?)followed["owner"]);
        Assert.Equal(["skipped", "later-excluded"], followed["exclude"]!.AsArray().Select(e => (string)e!).ToArray());
        Assert.Equal("Org", (string?)followed["category"]);
        Assert.Equal(saved.ToJsonString(), (await client.GetFromJsonAsync<JsonObject>("/api/settings"))!.ToJsonString());

        var dashboard = (await client.GetFromJsonAsync<JsonObject>("/api/dashboard"))!["repositories"]!.AsArray();
        Assert.Equal(["other/picked", "fake-org/alpha"], dashboard.Select(r => (string)r!["fullName"]!).ToArray());
        Assert.Equal("Org", (string?)dashboard.Single(r => (string)r!["fullName"]! == "fake-org/alpha")!["category"]);

        // Two repositories appear on GitHub under the owner, one of them excluded beforehand; the access list is refreshed
        // when it expires (or at once on an installation event): the new one is on the dashboard, the excluded one is not.
        gitHub.RepositoryPages = [["fake-org/alpha", "fake-org/skipped", "fake-org/brand-new", "fake-org/later-excluded", "other/solo", "other/picked"]];
        Assert.Equal(["other/picked", "fake-org/alpha"], await DashboardNamesAsync(client));
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["other/picked", "fake-org/alpha", "fake-org/brand-new"], await DashboardNamesAsync(client));

        // The settings did not change; the hub is told to follow the same repositories.
        Assert.Equal(saved.ToJsonString(), (await client.GetFromJsonAsync<JsonObject>("/api/settings"))!.ToJsonString());
        using var access = new HttpRequestMessage(HttpMethod.Get, $"/internal/users/{GitHubProxyFixture.Scripted}/access");
        access.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AccessListApiKey);
        using var accessResponse = await proxy.CreateClient().SendAsync(access);
        Assert.Equal(HttpStatusCode.OK, accessResponse.StatusCode);
        var selected = (await GitHubProxyFixture.ReadJsonAsync(accessResponse))["selected"]!.AsArray().Select(r => (string)r!).ToArray();
        Assert.Equal(["other/picked", "fake-org/alpha", "fake-org/brand-new"], selected);

        // A repository the user loses leaves the dashboard the same way.
        gitHub.RepositoryPages = [["fake-org/brand-new", "other/picked"]];
        fixture.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(["other/picked", "fake-org/brand-new"], await DashboardNamesAsync(client));
        (await client.PutAsJsonAsync("/api/settings", SettingsWith([], []))).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Invalid_followed_owners_are_a_400_naming_each_field_and_nothing_is_saved()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await client.GetFromJsonAsync<JsonObject>("/api/settings");

        using var put = await client.PutAsJsonAsync("/api/settings", SettingsWith([],
        [
            new { owner = "octo-org", exclude = new[] { "ok", "not a name", "other-owner/x" } },
            new { owner = "OCTO-ORG", exclude = Array.Empty<string>() },
            new { owner = "-bad-", exclude = Array.Empty<string>() },
            new { owner = "nobody-you-can-see", exclude = Array.Empty<string>() },
            new { owner = "octocat", exclude = Array.Empty<string>(), category = new string('x', 51) },
        ]));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        var errors = (await GitHubProxyFixture.ReadJsonAsync(put))["errors"]!.AsObject();
        foreach (var field in new[] { "followedOwners[0].exclude[1]", "followedOwners[0].exclude[2]", "followedOwners[1].owner", "followedOwners[2].owner",
                     "followedOwners[3].owner", "followedOwners[4].category" })
        {
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        }

        Assert.False(errors.ContainsKey("followedOwners[0].exclude[0]"));
        Assert.Contains("can see no repository", (string)errors["followedOwners[3].owner"]![0]!, StringComparison.Ordinal);

        using var tooMany = await client.PutAsJsonAsync("/api/settings", SettingsWith([],
            [.. Enumerable.Range(0, 21).Select(i => (object)new { owner = $"owner-{i}", exclude = Array.Empty<string>() })]));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.True((await GitHubProxyFixture.ReadJsonAsync(tooMany))["errors"]!.AsObject().ContainsKey("followedOwners"));

        using var tooManyExcluded = await client.PutAsJsonAsync("/api/settings", SettingsWith([],
            [new { owner = "octo-org", exclude = Enumerable.Range(0, 501).Select(i => $"repo-{i}").ToArray() }]));
        Assert.Equal(HttpStatusCode.BadRequest, tooManyExcluded.StatusCode);

        Assert.Equal(before!.ToJsonString(), (await client.GetFromJsonAsync<JsonObject>("/api/settings"))!.ToJsonString());
    }

    [Fact]
    public async Task Following_an_owner_of_the_simulator_shows_its_repositories_on_the_dashboard()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var before = await client.GetFromJsonAsync<JsonObject>("/api/settings");
        var repos = (await client.GetFromJsonAsync<JsonObject>("/api/repos"))!["repositories"]!.AsArray()
            .Select(r => (string)r!["fullName"]!).Where(n => n.StartsWith("octo-org/", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.OrdinalIgnoreCase).ToArray();
        Assert.True(repos.Length >= 2, $"octocat sees {repos.Length} octo-org repositories");
        var excluded = repos[0].Split('/')[1];

        using var put = await client.PutAsJsonAsync("/api/settings", SettingsWith([], [new { owner = "octo-org", exclude = new[] { excluded } }]));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(repos[1..], await DashboardNamesAsync(client));
        (await client.PutAsJsonAsync("/api/settings", before)).EnsureSuccessStatusCode();
    }
}
