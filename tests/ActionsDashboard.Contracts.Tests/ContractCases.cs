using System.Text.Json.Nodes;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>
/// Every real <c>workflow_run</c> and <c>workflow_job</c> sample in <c>samples/github/webhooks</c>, and edge cases
/// made from them: the blanks GitHub is known to send (an empty run name) and the ones it might (a null status, attempt 0,
/// steps with a null status), unicode and very long texts. Keys are set to null rather than removed: Octokit.Webhooks'
/// models, which Webhooks.Api reads deliveries with, require the keys GitHub always sends (a delivery without one is kept
/// as failed; <c>WebhookPayloadTests</c>).
/// </summary>
public static class ContractCases
{
    private const string RunSample = "workflow_run.completed.json";
    private const string JobSample = "workflow_job.in_progress.with-queued-steps.json";

    public static TheoryData<ContractCase> Runs() => [.. RunCases()];

    public static TheoryData<ContractCase> Jobs() => [.. JobCases()];

    public static List<ContractCase> RunCases()
    {
        var cases = new List<ContractCase>();
        foreach (var file in Samples.WebhookFiles().Where(f => f.StartsWith("workflow_run.", StringComparison.Ordinal)))
        {
            cases.Add(new ContractCase(file, "workflow_run", Sample(file)));
        }

        cases.Add(Run("empty run name, null workflow object", p => { Object(p, "workflow_run")["name"] = ""; p["workflow"] = null; }));
        cases.Add(Run("blank run name, blank title, null workflow object", p =>
        {
            Object(p, "workflow_run")["name"] = "   ";
            Object(p, "workflow_run")["display_title"] = "";
            p["workflow"] = null;
        }));
        cases.Add(Run("null status with a conclusion", p => Object(p, "workflow_run")["status"] = null));
        cases.Add(Run("null status, no conclusion", p =>
        {
            Object(p, "workflow_run")["status"] = null;
            Object(p, "workflow_run")["conclusion"] = null;
        }));
        cases.Add(Run("empty status", p => Object(p, "workflow_run")["status"] = ""));
        cases.Add(Run("attempt 0", p => Object(p, "workflow_run")["run_attempt"] = 0));
        cases.Add(Run("attempt missing", p => Object(p, "workflow_run").Remove("run_attempt")));
        cases.Add(Run("no actor, no head commit", p =>
        {
            Object(p, "workflow_run")["actor"] = null;
            Object(p, "workflow_run")["head_commit"] = null;
        }));
        cases.Add(Run("unicode", p =>
        {
            var run = Object(p, "workflow_run");
            run["name"] = "Déploiement 🚀 — ビルド";
            run["display_title"] = "修正: RTL עברית and e\u0301 combining";
            run["head_branch"] = "feature/ünïcode-🌿";
            Object(run, "head_commit")["message"] = "Fix 🐛 in the parser\n\nSigned-off-by: Zoë <zoe@example.com>";
        }));
        cases.Add(Run("very long commit message", p =>
            Object(Object(p, "workflow_run"), "head_commit")["message"] = string.Concat(Enumerable.Repeat("A long line of the message. ", 4_000))));
        return cases;
    }

    public static List<ContractCase> JobCases()
    {
        var cases = new List<ContractCase>();
        foreach (var file in Samples.WebhookFiles().Where(f => f.StartsWith("workflow_job.", StringComparison.Ordinal)))
        {
            cases.Add(new ContractCase(file, "workflow_job", Sample(file)));
        }

        cases.Add(Job("steps without status", p =>
        {
            var steps = Object(p, "workflow_job")["steps"]!.AsArray();
            steps[0]!["status"] = null;
            steps[1]!["status"] = null;
            steps[1]!["conclusion"] = null;
        }));
        cases.Add(Job("null job status", p => Object(p, "workflow_job")["status"] = null));
        cases.Add(Job("empty job status with a conclusion", p =>
        {
            Object(p, "workflow_job")["status"] = " ";
            Object(p, "workflow_job")["conclusion"] = "failure";
        }));
        cases.Add(Job("attempt 0", p => Object(p, "workflow_job")["run_attempt"] = 0));
        cases.Add(Job("attempt missing", p => Object(p, "workflow_job").Remove("run_attempt")));
        cases.Add(Job("unicode", p =>
        {
            Object(p, "workflow_job")["name"] = "Test (ubuntu-latest, 🐍 3.13) — ジョブ";
            Object(p, "workflow_job")["steps"]!.AsArray()[0]!["name"] = "Run e\u0301 combining עברית";
        }));
        cases.Add(Job("very long step name", p =>
            Object(p, "workflow_job")["steps"]!.AsArray()[0]!["name"] = new string('x', 20_000)));
        return cases;
    }

    private static ContractCase Run(string name, Action<JsonObject> change) => Changed(name, "workflow_run", RunSample, change);

    private static ContractCase Job(string name, Action<JsonObject> change) => Changed(name, "workflow_job", JobSample, change);

    private static ContractCase Changed(string name, string eventName, string file, Action<JsonObject> change)
    {
        var payload = Sample(file);
        change(payload);
        return new ContractCase($"{file}: {name}", eventName, payload);
    }

    private static JsonObject Sample(string file) => JsonNode.Parse(Samples.Webhook(file))!.AsObject();

    private static JsonObject Object(JsonObject parent, string key) => parent[key]!.AsObject();
}
