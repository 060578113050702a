using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActionsDashboard.EndToEndTests;

/// <summary>With no GitHub App configured the AppHost runs the simulator as GitHub (demo mode).</summary>
[Collection(AppHostCollection.Name)]
public class DemoModeTests(AppHostFixture fixture)
{
    [Fact]
    public void The_simulator_is_a_healthy_resource()
    {
        Assert.True(fixture.App.ResourceNotifications.TryGetCurrentState("github-simulator", out var simulator));
        Assert.Equal(KnownResourceStates.Running, simulator.Snapshot.State?.Text);
        Assert.Equal(HealthStatus.Healthy, simulator.Snapshot.HealthStatus);
    }

    [Fact]
    public async Task A_run_in_the_simulator_is_delivered_as_signed_webhooks_to_the_gateway()
    {
        var simulator = fixture.ServiceUrl("github-simulator");
        using var start = await fixture.Http.PostAsJsonAsync(new Uri(simulator, "/_simulator/runs"), new { repository = "octo-org/octo-repo" });
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var runId = (long)JsonNode.Parse(await start.Content.ReadAsStringAsync())!["id"]!;

        // Every attempt that got an HTTP status reached the gateway and, through it, webhooks-api (a refused
        // connection has no status). What webhooks-api answers is its own business, tested there.
        var deliveries = await Eventually.WaitForAsync(
            async () => JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(simulator, $"/_simulator/deliveries?run_id={runId}")))!.AsArray(),
            found => found.Any(Answered), TimeSpan.FromSeconds(30), $"for a delivery of run {runId} that the gateway answered");

        var delivery = Assert.Single(deliveries, Answered)!;
        Assert.Equal("requested", (string?)delivery["action"]);
        Assert.DoesNotContain(delivery["attempts"]!.AsArray(), a => ((string?)a!["error"])?.Contains("refused", StringComparison.OrdinalIgnoreCase) == true);

        static bool Answered(JsonNode? delivery) =>
            (string?)delivery!["event"] == "workflow_run" && (string?)delivery["action"] == "requested"
            && delivery["attempts"]!.AsArray().Any(a => a!["status_code"] is not null);
    }
}
