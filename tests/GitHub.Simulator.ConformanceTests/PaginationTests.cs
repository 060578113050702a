using System.Net;

namespace GitHub.Simulator.ConformanceTests;

/// <summary>
/// <c>Link</c> pagination as Octokit follows it: its <c>ApiOptions</c> ask for <c>per_page</c>, then it walks the
/// <c>next</c> links it parses from the header, so the links must be absolute, in the layout the client used.
/// </summary>
[Collection(SimulatorCollection.Name)]
public sealed class PaginationTests(SimulatorServer simulator)
{
    [Fact]
    public async Task Octokit_walks_every_page_through_next_links_under_the_prefix()
    {
        var wire = new WireLog();
        var octocat = await simulator.UserClientAsync("octocat", wire);

        var repositories = await octocat.Repository.GetAllForCurrent(new ApiOptions { PageSize = 1 });

        Assert.Equal(["octo-org/infra", "octo-org/octo-repo", "octocat/hello-world"], repositories.Select(r => r.FullName));
        Assert.Equal(3, wire.Exchanges.Count);
        Assert.All(wire.Exchanges, e =>
        {
            Assert.Equal(HttpStatusCode.OK, e.Status);
            Assert.Equal("/api/v3/user/repos", e.Uri.AbsolutePath);
        });
        // Octokit's first request has no page parameter; the next two are the simulator's next links.
        Assert.Equal(["", "2", "3"], wire.Exchanges.Select(e => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(e.Uri.Query).GetValueOrDefault("page").ToString()));
    }

    [Fact]
    public async Task ApiInfo_links_are_parsed_as_first_prev_next_last()
    {
        var octocat = await simulator.UserClientAsync("octocat");

        await octocat.Actions.Workflows.Runs.List("octo-org", "octo-repo", new WorkflowRunsRequest(), new ApiOptions { PageSize = 1, PageCount = 1, StartPage = 2 });

        var links = octocat.GetLastApiInfo().Links;
        Assert.Equal(["first", "last", "next", "prev"], links.Keys.Order(StringComparer.Ordinal));
        Assert.All(links.Values, uri =>
        {
            Assert.StartsWith(new Uri(simulator.Url, "/api/v3/repos/octo-org/octo-repo/actions/runs").ToString(), uri.ToString(), StringComparison.Ordinal);
            Assert.Contains("per_page=1", uri.Query, StringComparison.Ordinal);
        });
        Assert.Contains("page=1", links["prev"].Query, StringComparison.Ordinal);
        Assert.Contains("page=3", links["next"].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_survive_into_the_next_links()
    {
        var octocat = await simulator.UserClientAsync("octocat");
        var branch = "paging-" + Guid.NewGuid().ToString("N")[..8];
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await simulator.StartRunAsync(branch: branch));
        }

        var runs = await octocat.Actions.Workflows.Runs.List("octo-org", "octo-repo", new WorkflowRunsRequest { Branch = branch }, new ApiOptions { PageSize = 2 });

        Assert.Equal(3, runs.TotalCount);
        Assert.Equal(ids.Order(), runs.WorkflowRuns.Select(r => r.Id).Order());
    }
}
