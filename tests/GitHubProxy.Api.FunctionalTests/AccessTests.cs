namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class AccessTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Another_users_private_repository_is_404_for_reading_listing_and_rerunning()
    {
        using var octocat = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var runs = await octocat.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/infra/runs?perPage=1");
        var id = (long)runs!["runs"]![0]!["id"]!;

        using var monalisa = fixture.ClientFor(GitHubProxyFixture.Monalisa);
        var repos = await monalisa.GetFromJsonAsync<JsonObject>("/api/repos");
        Assert.DoesNotContain(repos!["repositories"]!.AsArray(), r => (string)r!["fullName"]! == "octo-org/infra");
        await fixture.ClearRequestLogAsync();

        foreach (var (method, path) in new[]
                 {
                     ("GET", "/api/repos/octo-org/infra/runs"), ("GET", $"/api/repos/octo-org/infra/runs/{id}"),
                     ("GET", $"/api/repos/octo-org/infra/runs/{id}/jobs"), ("GET", "/api/repos/octo-org/infra/workflows"),
                     ("POST", $"/api/repos/octo-org/infra/runs/{id}/rerun"), ("POST", $"/api/repos/octo-org/infra/runs/{id}/rerun-failed-jobs"),
                     ("POST", $"/api/repos/octo-org/infra/runs/{id}/cancel"), ("POST", "/api/repos/octo-org/infra/jobs/1/rerun"),
                     ("GET", "/api/repos/octo-org/does-not-exist/runs"),
                 })
        {
            using var response = await monalisa.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {(int)response.StatusCode}");
            var problem = await GitHubProxyFixture.ReadJsonAsync(response);
            Assert.Equal("Repository not found", (string?)problem["title"]);
        }

        // Decided from the cached access list: nothing about infra was asked of GitHub with her token.
        var log = await fixture.RequestLogAsync();
        Assert.DoesNotContain(log["recent"]!.AsArray(), r => ((string)r!["path"]!).Contains("/infra", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-octo/repo")]
    [InlineData("octo-/repo")]
    [InlineData("oc--to/repo")]
    [InlineData("octo_org/repo")]
    [InlineData("a1234567890123456789012345678901234567890/repo")]
    [InlineData("octo-org/re$po")]
    [InlineData("octo-org/re%20po")]
    [InlineData("octo-org/re%2Fpo")]
    public async Task Malformed_owner_or_repo_segments_are_400_and_never_reach_GitHub(string ownerAndRepo)
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        using var response = await client.GetAsync($"/api/repos/{ownerAndRepo}/runs");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await fixture.GitHubCallsAsync());
    }
}
