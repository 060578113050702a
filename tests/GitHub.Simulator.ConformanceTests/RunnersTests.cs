namespace GitHub.Simulator.ConformanceTests;

/// <summary>A repository's self-hosted runners through Octokit's <c>Actions.SelfHostedRunners</c>: what it reads, and the
/// refusal a non-admin gets.</summary>
[Collection(SimulatorCollection.Name)]
public sealed class RunnersTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Octokit_lists_a_repositorys_runners_for_an_admin_and_a_writer_gets_403()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var response = await octocat.Actions.SelfHostedRunners.ListAllRunnersForRepository("octo-org", "infra");

        Assert.Equal(3, response.TotalCount);
        var gpu = response.Runners.Single(r => r.Name == "infra-gpu-1");
        Assert.Equal("linux", gpu.Os);
        Assert.Contains(gpu.Labels, l => l.Name == "gpu");
        Assert.Contains(gpu.Labels, l => l.Name == "self-hosted");
        Assert.All(response.Runners, r => Assert.True(r.Id > 0));
        await Assert.ThrowsAsync<ForbiddenException>(() => octocat.Actions.SelfHostedRunners.ListAllRunnersForRepository("octo-org", "octo-repo"));
    }
}
