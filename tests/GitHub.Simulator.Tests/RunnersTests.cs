using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.GitHub.Rest;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>A repository's self-hosted runners: who may list them, and how jobs make them busy or wait for them.</summary>
public sealed class RunnersTests
{
    private const long Deploy = 2823525;

    [Fact]
    public async Task An_admin_lists_the_runners_with_their_labels_and_one_becomes_busy_when_a_job_runs_on_it()
    {
        await using var simulator = SimulatorFactory.Create([]);
        var rest = simulator.RestClient();
        var octocat = new GitHubRequestOptions { Token = (await simulator.SignInAsync("octocat")).AccessToken };

        var idle = (await rest.ListRepositoryRunnersAsync("octo-org", "infra", request: octocat)).Value!;
        Assert.Equal(3, idle.TotalCount);
        Assert.Equal(["infra-linux-1", "infra-linux-2", "infra-gpu-1"], idle.Items.Select(r => r.Name));
        Assert.All(idle.Items, r => Assert.False(r.Busy));
        Assert.Equal(["online", "online", "offline"], idle.Items.Select(r => r.Status));
        var first = idle.Items[0];
        Assert.Equal("linux", first.Os);
        Assert.Equal(["self-hosted", "Linux", "X64", "terraform"], first.Labels.Select(l => l.Name));
        Assert.Equal(["read-only", "read-only", "read-only", "custom"], first.Labels.Select(l => l.Type));

        var run = await StartDeployAsync(simulator);
        await AdvanceAsync(simulator, run);

        var busy = (await rest.ListRepositoryRunnersAsync("octo-org", "infra", request: octocat)).Value!;
        Assert.Equal([true, false, false], busy.Items.Select(r => r.Busy));
        var byName = (await rest.ListRepositoryRunnersAsync("octo-org", "infra", new PageRequest { PerPage = 1, Page = 2 }, octocat)).Value!;
        Assert.Equal("infra-linux-2", Assert.Single(byName.Items).Name);
        Assert.Equal(3, byName.TotalCount);
    }

    [Fact]
    public async Task Only_an_admin_may_list_runners_others_get_GitHubs_403_or_404_and_no_token_401()
    {
        await using var simulator = SimulatorFactory.Create([]);
        var rest = simulator.RestClient();
        var octocat = new GitHubRequestOptions { Token = (await simulator.SignInAsync("octocat")).AccessToken };
        var monalisa = new GitHubRequestOptions { Token = (await simulator.SignInAsync("monalisa")).AccessToken };

        // octocat may push to octo-repo, not administer it.
        var writer = await Assert.ThrowsAsync<GitHubApiException>(() => rest.ListRepositoryRunnersAsync("octo-org", "octo-repo", request: octocat));
        Assert.Equal(GitHubErrorKind.PermissionDenied, writer.Kind);
        Assert.Equal("Must have admin rights to Repository.", writer.GitHubMessage);
        // monalisa cannot see the private infra repository at all.
        var stranger = await Assert.ThrowsAsync<GitHubApiException>(() => rest.ListRepositoryRunnersAsync("octo-org", "infra", request: monalisa));
        Assert.Equal(GitHubErrorKind.NotFound, stranger.Kind);
        using var anonymous = await simulator.CreateHttpClient().GetAsync("/repos/octocat/hello-world/actions/runners");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_self_hosted_job_stays_queued_while_no_matching_runner_is_online_and_starts_when_one_comes_back()
    {
        await using var simulator = SimulatorFactory.Create([]);
        var http = simulator.CreateHttpClient();
        foreach (var name in new[] { "infra-linux-1", "infra-linux-2" })
        {
            using var off = await http.PostAsJsonAsync($"/_simulator/repositories/octo-org/infra/runners/{name}", new { online = false });
            Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        }

        var run = await StartDeployAsync(simulator);
        for (var i = 0; i < 3; i++)
        {
            await AdvanceAsync(simulator, run);
        }
        Assert.Equal("queued", await PlanStatusAsync(simulator, run));

        using var on = await http.PostAsJsonAsync("/_simulator/repositories/octo-org/infra/runners/infra-linux-2", new { online = true });
        var runner = (await on.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("online", (string?)runner["status"]);
        await AdvanceAsync(simulator, run);
        Assert.Equal("in_progress", await PlanStatusAsync(simulator, run));

        using var unknown = await http.PostAsJsonAsync("/_simulator/repositories/octo-org/infra/runners/nope", new { online = true });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var missing = await http.PostAsJsonAsync("/_simulator/repositories/octo-org/infra/runners/infra-linux-1", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    private static async Task<long> StartDeployAsync(SimulatorFactory simulator)
    {
        using var started = await simulator.CreateHttpClient().PostAsJsonAsync("/_simulator/runs",
            new { repository = "octo-org/infra", workflow_id = Deploy, conclusion = "success" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (long)(await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
    }

    private static async Task AdvanceAsync(SimulatorFactory simulator, long run)
    {
        using var advanced = await simulator.CreateHttpClient().PostAsync($"/_simulator/runs/{run}/advance", null);
        Assert.Equal(HttpStatusCode.OK, advanced.StatusCode);
    }

    private static async Task<string?> PlanStatusAsync(SimulatorFactory simulator, long run)
    {
        var octocat = new GitHubRequestOptions { Token = (await simulator.SignInAsync("octocat")).AccessToken };
        var jobs = (await simulator.RestClient().ListJobsForWorkflowRunAsync("octo-org", "infra", run, request: octocat)).Value!;
        return jobs.Items.Single(j => j.Name == "plan").Status;
    }
}
