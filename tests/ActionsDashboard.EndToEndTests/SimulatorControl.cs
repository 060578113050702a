using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The simulator's control API (<c>/_simulator/</c>, see GitHub.Simulator's README): start and move runs, switch
/// the demo scenario, and read what it delivered and what it was asked.</summary>
internal sealed class SimulatorControl(AppHostFixture fixture)
{
    private Uri Base => fixture.ServiceUrl("github-simulator");

    /// <summary>The demo scenario moves every active run on by itself and starts new ones: tests that decide their runs' steps switch it off.</summary>
    public async Task SetScenarioAsync(bool enabled)
    {
        using var response = await fixture.Http.PostAsJsonAsync(new Uri(Base, "/_simulator/scenario"), new { enabled });
        Assert.True(response.IsSuccessStatusCode, $"POST /_simulator/scenario answered {(int)response.StatusCode}");
    }

    /// <summary>Starts a run (a push by octocat unless said otherwise) and answers its id.</summary>
    public async Task<long> StartRunAsync(string repository, string branch, string conclusion, long? workflowId = null)
    {
        using var response = await fixture.Http.PostAsJsonAsync(new Uri(Base, "/_simulator/runs"),
            new { repository, branch, workflow_id = workflowId, @event = "push", actor = "octocat", conclusion });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    /// <summary>One step of the run; false once it has completed (the simulator answers 409). After a step, waits
    /// <paramref name="pause"/>: a browser test gives each step's webhook time to reach the page, as GitHub's would.</summary>
    public async Task<bool> AdvanceAsync(long runId, TimeSpan? pause = null)
    {
        using var response = await fixture.Http.PostAsync(new Uri(Base, $"/_simulator/runs/{runId}/advance"), null);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (pause is { } wait)
        {
            await Task.Delay(wait);
        }

        return true;
    }

    /// <summary>Finishes the run now with <paramref name="conclusion"/>.</summary>
    public async Task CompleteAsync(long runId, string conclusion)
    {
        using var response = await fixture.Http.PostAsync(new Uri(Base, $"/_simulator/runs/{runId}/complete?conclusion={conclusion}"), null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Every delivery the simulator recorded (oldest first), optionally of one event or run.</summary>
    public async Task<JsonArray> DeliveriesAsync(string? @event = null, long? runId = null)
    {
        var query = new List<string>();
        if (@event is not null)
        {
            query.Add($"event={@event}");
        }

        if (runId is not null)
        {
            query.Add($"run_id={runId}");
        }

        return JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(Base, $"/_simulator/deliveries?{string.Join('&', query)}")))!.AsArray();
    }

    /// <summary>The ids of the runs of <paramref name="repository"/> whose <c>workflow_run requested</c> webhook the simulator recorded.</summary>
    public async Task<HashSet<long>> RequestedRunsAsync(string repository) =>
        [.. (await DeliveriesAsync("workflow_run"))
            .Where(d => (string?)d!["action"] == "requested" && string.Equals((string?)d["repository"], repository, StringComparison.OrdinalIgnoreCase))
            .Select(d => (long)d!["run_id"]!)];

    /// <summary>How many requests the simulator answered on <paramref name="route"/> (method and route template).</summary>
    public async Task<int> RequestCountAsync(string route)
    {
        var requests = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(Base, "/_simulator/requests")))!;
        return (int?)requests["by_route"]?[route] ?? 0;
    }

    /// <summary>The latest requests the simulator answered (at most 200): time, route, path and status.</summary>
    public async Task<JsonArray> RecentRequestsAsync() =>
        JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri(Base, "/_simulator/requests")))!["recent"]!.AsArray();
}
