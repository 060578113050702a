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
    public async Task A_repository_created_under_a_deleted_ones_name_gets_a_new_id_and_a_rename_keeps_the_id()
    {
        var client = simulator.CreateHttpClient();
        var name = $"named-{Guid.NewGuid().ToString("N")[..8]}";
        var first = await CreateAsync(client, name);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/_simulator/repositories", new { owner = "octo-org", name })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/_simulator/repositories/octo-org/{name}")).StatusCode);
        var second = await CreateAsync(client, name);
        Assert.NotEqual((long)first["id"]!, (long)second["id"]!);
        Assert.NotEqual((long)first["workflows"]![0]!["id"]!, (long)second["workflows"]![0]!["id"]!);

        using var renamed = await client.PostAsJsonAsync($"/_simulator/repositories/octo-org/{name}/rename", new { name = name + "-renamed" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var after = JsonNode.Parse(await renamed.Content.ReadAsStringAsync())!;
        Assert.Equal((long)second["id"]!, (long)after["id"]!);
        Assert.Equal($"octo-org/{name}-renamed", (string?)after["full_name"]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/_simulator/repositories/octo-org/{name}")).StatusCode);
    }

    [Fact]
    public async Task Bad_repository_names_and_owners_are_400_problems()
    {
        var client = simulator.CreateHttpClient();
        using var badName = await client.PostAsJsonAsync("/_simulator/repositories", new { owner = "octo-org", name = "not a name" });
        using var badOwner = await client.PostAsJsonAsync("/_simulator/repositories", new { owner = "nobody-here", name = "fine" });
        using var badRename = await client.PostAsJsonAsync("/_simulator/repositories/octocat/hello-world/rename", new { name = ".." });

        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOwner.StatusCode);
        Assert.Contains("nobody-here", await badOwner.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badRename.StatusCode);
        Assert.Equal("application/problem+json", badName.Content.Headers.ContentType?.MediaType);
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

    private static async Task<JsonNode> CreateAsync(HttpClient client, string name)
    {
        using var response = await client.PostAsJsonAsync("/_simulator/repositories",
            new { owner = "octo-org", name, permissions = new Dictionary<string, string> { ["octocat"] = "push" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
