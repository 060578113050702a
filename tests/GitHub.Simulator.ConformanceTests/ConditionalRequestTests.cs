using System.Net;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// ETags as Octokit uses them: Octokit 14 caches only through <c>Octokit.Caching.CachingHttpClient</c> (set with
/// <see cref="GitHubClient.ResponseCache"/>), which sends the cached <c>ETag</c> as <c>If-None-Match</c> and returns the
/// cached response on a 304. The 304 is checked on the wire, under Octokit.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class ConditionalRequestTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Second_read_is_a_free_304_and_Octokit_returns_the_cached_body()
    {
        var wire = new WireLog();
        var octocat = await simulator.UserClientAsync("octocat", wire);
        var cache = new InMemoryResponseCache();
        octocat.ResponseCache = cache;
        var runId = await simulator.StartRunAsync();

        var first = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);
        var firstInfo = octocat.GetLastApiInfo();
        var second = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);

        Assert.Equal(1, cache.Count);
        Assert.Matches("^W/\"[0-9a-f]+\"$", firstInfo.Etag);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotModified], wire.Exchanges.Select(e => e.Status));
        Assert.Equal(firstInfo.Etag, wire.Exchanges[1].IfNoneMatch);
        Assert.Equal((first.Id, first.Status.StringValue, first.HeadSha, first.UpdatedAt), (second.Id, second.Status.StringValue, second.HeadSha, second.UpdatedAt));

        // The 304 cost nothing: the budget Octokit reads on the next counted call went down by one since the first.
        var user = await octocat.User.Current();
        Assert.Equal("octocat", user.Login);
        Assert.Equal(firstInfo.RateLimit.Remaining - 1, octocat.GetLastApiInfo().RateLimit.Remaining);
    }

    [Fact]
    public async Task Changed_resource_gets_200_with_a_new_etag_and_Octokit_returns_the_new_body()
    {
        var wire = new WireLog();
        var octocat = await simulator.UserClientAsync("octocat", wire);
        octocat.ResponseCache = new InMemoryResponseCache();
        var runId = await simulator.StartRunAsync();

        var before = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);
        var etagBefore = octocat.GetLastApiInfo().Etag;
        await simulator.CompleteRunAsync(runId, "success");
        var after = await octocat.Actions.Workflows.Runs.Get("octo-org", "octo-repo", runId);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], wire.Exchanges.Select(e => e.Status));
        Assert.Equal(etagBefore, wire.Exchanges[1].IfNoneMatch);
        Assert.NotEqual(WorkflowRunStatus.Completed, before.Status.Value);
        Assert.Equal(WorkflowRunStatus.Completed, after.Status.Value);
        Assert.NotEqual(etagBefore, octocat.GetLastApiInfo().Etag);
    }
}
