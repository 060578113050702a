using ActionsDashboard.TestInfrastructure;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GitHub.Simulator.Tests.Infrastructure;

namespace GitHub.Simulator.Tests;

/// <summary>The control API's answers to mistakes: a problem that says what is wrong.</summary>
public sealed class ControlApiTests(SimulatorFactory simulator) : IClassFixture<SimulatorFactory>
{
    [Fact]
    public async Task Starting_a_run_in_an_unknown_repository_is_a_400_problem()
    {
        using var response = await simulator.CreateHttpClient().PostAsJsonAsync("/_simulator/runs", new { repository = "octo-org/nothing" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("octo-org/nothing", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advancing_an_unknown_run_is_404_and_a_completed_run_is_409()
    {
        var client = simulator.CreateHttpClient();
        var runId = await simulator.StartRunAsync("octocat/hello-world");
        await simulator.CompleteRunAsync(runId);

        using var unknown = await client.PostAsync("/_simulator/runs/1/advance", null);
        using var completed = await client.PostAsync($"/_simulator/runs/{runId}/advance", null);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, completed.StatusCode);
        Assert.Equal("completed", JsonNode.Parse(await completed.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deliveries_without_a_webhook_url_are_recorded_as_not_sent()
    {
        var runId = await simulator.StartRunAsync("octocat/hello-world");

        await Eventually.UntilAsync(async () =>
        {
            var deliveries = await simulator.DeliveriesAsync(runId);
            return deliveries.Count > 0 && deliveries.All(d => d!["state"]!.GetValue<string>() == "not_sent");
        }, "the deliveries to be recorded as not sent");
    }
}
