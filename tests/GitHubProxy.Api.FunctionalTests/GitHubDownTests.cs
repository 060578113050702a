using ActionsDashboard.Identity;

namespace GitHubProxy.Api.FunctionalTests;

[Collection(GitHubProxyCollection.Name)]
public sealed class GitHubDownTests(GitHubProxyFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => fixture.ResetAsync();

    [Fact]
    public async Task When_GitHub_cannot_be_reached_the_last_good_answer_is_served_marked_stale()
    {
        using var client = fixture.ClientFor(GitHubProxyFixture.Octocat);
        var good = await client.GetFromJsonAsync<JsonObject>("/api/repos/octo-org/octo-repo/workflows");

        // A replica on the same Redis whose GitHub is gone (nothing listens on port 9 of loopback).
        await using var cutOff = fixture.CreateProxy(new Dictionary<string, string?>
        {
            ["GitHub:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["EventBus:QueueName"] = $"githubproxy-tests-down-{Guid.NewGuid():N}",
        });
        using var down = cutOff.CreateDefaultClient();
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));

        using var stale = await SendAsync(down, "/api/repos/octo-org/octo-repo/workflows");
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        var body = await GitHubProxyFixture.ReadJsonAsync(stale);
        Assert.True((bool)body["stale"]!);
        Assert.Equal((string?)good!["fetchedAt"], (string?)body["fetchedAt"]);
        Assert.Equal(good["workflows"]!.ToJsonString(), body["workflows"]!.ToJsonString());

        using var uncached = await SendAsync(down, "/api/repos/octo-org/octo-repo/runs?perPage=9");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
        Assert.Equal("application/problem+json", uncached.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(InternalIdentityDefaults.HeaderName, fixture.IdentityToken(GitHubProxyFixture.Octocat));
        var sending = client.SendAsync(request);
        // The service runs on the fixture's fake clock, and so do the resilience handler's retry delay and timeouts:
        // move it on while the request waits, or a retry after the refused connection would wait for ever.
        while (await Task.WhenAny(sending, Task.Delay(50)) != sending)
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await sending;
    }
}
