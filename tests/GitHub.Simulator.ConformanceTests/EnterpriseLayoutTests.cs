using System.Net;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// GitHub Enterprise Server's layout: Octokit given the simulator's URL sends every REST call to <c>/api/v3/...</c>.
/// The simulator must answer there, keep web links free of the prefix and keep it in Link headers, and still answer
/// at the root for clients configured with the root as their API base (the dashboard's own client).
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class EnterpriseLayoutTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Octokit_given_the_simulators_url_calls_under_api_v3_and_is_answered()
    {
        var wire = new WireLog();
        var octocat = await simulator.UserClientAsync("octocat", wire);

        Assert.Equal(new Uri(simulator.Url, "/api/v3/"), octocat.Connection.BaseAddress);
        var repository = await octocat.Repository.Get("octo-org", "octo-repo");

        var exchange = Assert.Single(wire.Exchanges);
        Assert.Equal("/api/v3/repos/octo-org/octo-repo", exchange.Uri.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        // Web links are the web host's, never under the API prefix.
        Assert.Equal(new Uri(simulator.Url, "/octo-org/octo-repo"), new Uri(repository.HtmlUrl));
    }

    [Fact]
    public async Task Same_calls_work_at_the_root_for_clients_whose_api_base_is_the_root()
    {
        var token = (await simulator.SignInAsync("octocat")).AccessToken;
        var wire = new WireLog();
        var atRoot = SimulatorServer.ClientAt(simulator.Url, new Credentials(token), wire);

        var runs = await atRoot.Actions.Workflows.Runs.List("octo-org", "octo-repo", new WorkflowRunsRequest(), new ApiOptions { PageSize = 2, PageCount = 2, StartPage = 1 });

        Assert.Equal(4, runs.WorkflowRuns.Count);
        Assert.All(wire.Exchanges, e => Assert.StartsWith("/repos/", e.Uri.AbsolutePath, StringComparison.Ordinal));
        Assert.Equal(2, wire.Exchanges.Count);
    }

    [Fact]
    public async Task Unknown_path_under_the_prefix_is_GitHubs_json_404()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        var missing = await Assert.ThrowsAsync<NotFoundException>(() => octocat.Connection.Get<object>(new Uri("no/such/endpoint", UriKind.Relative), null));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Not Found", missing.ApiError.Message);
        Assert.False(string.IsNullOrEmpty(missing.ApiError.DocumentationUrl));
    }
}
