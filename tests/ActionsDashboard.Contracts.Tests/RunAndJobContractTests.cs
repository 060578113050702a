using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>
/// A run or job looks the same live, after a reload from the read model, and fetched from GitHub: the three JSON
/// answers are equal field by field, never have an empty name or status or an attempt below 1, and match
/// <c>Run</c>/<c>Job</c> in <c>Web/ClientApp/src/api/types.ts</c>.
/// </summary>
public class RunAndJobContractTests
{
    [Theory]
    [MemberData(nameof(ContractCases.Runs), MemberType = typeof(ContractCases))]
    public void A_run_is_the_same_live_from_the_read_model_and_from_GitHub(ContractCase @case)
    {
        var live = ContractPaths.LiveRun(@case);

        AssertSame(live, ContractPaths.ReadModelRun(@case), "the read model's REST answer");
        AssertSame(live, ContractPaths.RestRun(@case), "the REST answer from GitHub");
        Assert.False(string.IsNullOrWhiteSpace((string?)live["workflowName"]), "workflowName is never empty");
        Assert.False(string.IsNullOrWhiteSpace((string?)live["status"]), "status is never empty");
        Assert.True((int)live["runAttempt"]! >= 1, "runAttempt is at least 1");
        TypeScriptTypes.AssertMatches("Run", live);
    }

    [Theory]
    [MemberData(nameof(ContractCases.Jobs), MemberType = typeof(ContractCases))]
    public void A_job_is_the_same_live_from_the_read_model_and_from_GitHub(ContractCase @case)
    {
        var live = ContractPaths.LiveJob(@case);

        AssertSame(live, ContractPaths.ReadModelJob(@case), "the read model's REST answer");
        AssertSame(live, ContractPaths.RestJob(@case), "the REST answer from GitHub");
        Assert.False(string.IsNullOrWhiteSpace((string?)live["status"]), "status is never empty");
        Assert.True((int)live["runAttempt"]! >= 1, "runAttempt is at least 1");
        Assert.All(live["steps"]!.AsArray(), step => Assert.False(string.IsNullOrWhiteSpace((string?)step!["status"]), "a step's status is never empty"));
        TypeScriptTypes.AssertMatches("Job", live);
    }

    [Fact]
    public void The_fallbacks_are_the_ones_the_contract_names()
    {
        var byName = ContractCases.RunCases().ToDictionary(c => c.Name);
        var jobs = ContractCases.JobCases().ToDictionary(c => c.Name);

        // GitHub's samples have an empty run name and name the workflow "test".
        Assert.Equal("test", (string?)ContractPaths.LiveRun(byName["workflow_run.completed.json"])["workflowName"]);
        Assert.Equal("ci(action): update actions/setup-node digest to 8c91899", (string?)ContractPaths.LiveRun(byName["workflow_run.completed.json: empty run name, null workflow object"])["workflowName"]);
        var numbered = ContractPaths.LiveRun(byName["workflow_run.completed.json: blank run name, blank title, null workflow object"]);
        Assert.Equal($"Run #{(long)numbered["runNumber"]!}", (string?)numbered["workflowName"]);
        Assert.Equal("completed", (string?)ContractPaths.LiveRun(byName["workflow_run.completed.json: null status with a conclusion"])["status"]);
        Assert.Equal("queued", (string?)ContractPaths.LiveRun(byName["workflow_run.completed.json: null status, no conclusion"])["status"]);
        Assert.Equal(1, (int)ContractPaths.LiveRun(byName["workflow_run.completed.json: attempt 0"])["runAttempt"]!);
        Assert.Equal("completed", (string?)ContractPaths.LiveJob(jobs["workflow_job.in_progress.with-queued-steps.json: empty job status with a conclusion"])["status"]);
        var steps = ContractPaths.LiveJob(jobs["workflow_job.in_progress.with-queued-steps.json: steps without status"])["steps"]!.AsArray();
        Assert.Equal("queued", (string?)steps[1]!["status"]);
    }

    [Fact]
    public void Times_are_written_in_UTC_with_a_Z_on_every_path()
    {
        var @case = ContractCases.RunCases()[0];

        foreach (var json in new[] { ContractPaths.LiveRun(@case), ContractPaths.ReadModelRun(@case), ContractPaths.RestRun(@case) })
        {
            Assert.EndsWith("Z", (string)json["createdAt"]!, StringComparison.Ordinal);
            Assert.EndsWith("Z", (string)json["updatedAt"]!, StringComparison.Ordinal);
        }
    }

    private static void AssertSame(JsonObject live, JsonObject other, string what)
    {
        var differences = live.Select(p => p.Key).Union(other.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(live[key], other[key]))
            .Select(key => $"{key}: live {Show(live[key])}, {what} {Show(other[key])}")
            .ToList();
        Assert.True(differences.Count == 0, $"The live message and {what} differ:\n" + string.Join('\n', differences));
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "(absent or null)";
        return text.Length > 120 ? text[..120] + "…" : text;
    }
}
