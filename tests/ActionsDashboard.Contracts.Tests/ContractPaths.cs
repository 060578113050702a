using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.EventBus.Abstractions;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.GitHub.Models;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Realtime.Hub.IntegrationEvents;
using Realtime.Hub.Services;
using Webhooks.Api.IntegrationEvents;

namespace ActionsDashboard.Contracts.Tests;

/// <summary>
/// The three ways a run or job reaches the browser, each through the services' own code and JSON settings: live
/// (Webhooks.Api's translator → the event bus's JSON → Realtime.Hub's message, as <c>/events</c> writes it), the read
/// model (the same event → GitHubProxy.Api's record → its REST answer), and REST from GitHub (GitHub's answer →
/// GitHubProxy.Api's REST answer).
/// </summary>
public static class ContractPaths
{
    private static readonly JsonSerializerOptions Bus = new EventBusSubscriptionInfo().JsonSerializerOptions;
    // GitHubProxy.Api's HTTP JSON: the web defaults configured by ContractJson (ConfigureHttpJsonOptions in its Extensions).
    private static readonly JsonSerializerOptions Rest = ContractJson.CreateOptions();
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public static WorkflowRunChanged RunEvent(ContractCase @case) => Published<WorkflowRunChanged>(@case);

    public static WorkflowJobChanged JobEvent(ContractCase @case) => Published<WorkflowJobChanged>(@case);

    public static JsonObject LiveRun(ContractCase @case) => Live(RunEvent(@case).ToMessage("1-0"))["run"]!.AsObject();

    public static JsonObject LiveJob(ContractCase @case) => Live(JobEvent(@case).ToMessage("1-0"))["job"]!.AsObject();

    public static JsonObject ReadModelRun(ContractCase @case) => Answer(new RunResponse(RunEvent(@case).ToRecord(Now).ToView(), false, Now));

    public static JsonObject ReadModelJob(ContractCase @case)
    {
        var record = JobEvent(@case).ToRecord(Now);
        // Steps are kept as jsonb, written and read with the web defaults (ReadModelStore).
        record.Steps = JsonSerializer.Deserialize<List<Step>>(JsonSerializer.Serialize(record.Steps, JsonSerializerOptions.Web), JsonSerializerOptions.Web)!;
        return Answer(new JobsResponse([record.ToView()], false, Now))["jobs"]!.AsArray().Single()!.AsObject();
    }

    /// <summary>
    /// The run as GitHub's REST API answers it: the webhook's <c>workflow_run</c> object (one shape for both). GitHub's
    /// REST answers fill a run's <c>name</c> with the workflow's name; the empty name is a quirk of the deliveries
    /// (samples/github/README.md), so where the delivery names its workflow, the REST answer carries that name.
    /// </summary>
    public static JsonObject RestRun(ContractCase @case)
    {
        var json = @case.Payload["workflow_run"]!.DeepClone().AsObject();
        if (string.IsNullOrWhiteSpace((string?)json["name"]) && @case.Payload["workflow"]?["name"] is { } workflowName)
        {
            json["name"] = workflowName.DeepClone();
        }

        var run = json.Deserialize(GitHubJsonContext.Default.WorkflowRun)!;
        return Answer(new RunResponse(run.ToRun((string)@case.Payload["repository"]!["full_name"]!), false, Now));
    }

    public static JsonObject RestJob(ContractCase @case)
    {
        var job = @case.Payload["workflow_job"]!.Deserialize(GitHubJsonContext.Default.WorkflowJob)!;
        return Answer(new JobsResponse([job.ToJob()], false, Now))["jobs"]!.AsArray().Single()!.AsObject();
    }

    private static T Published<T>(ContractCase @case) where T : IntegrationEvent
    {
        var translation = DeliveryTranslation.Translate(@case.EventName, Encoding.UTF8.GetBytes(@case.Payload.ToJsonString()),
            "d2f6a3c0-0000-4000-8000-000000000001");
        Assert.True(translation.Events.Count == 1, $"{@case}: {translation.State} ({translation.Error})");
        var published = Assert.IsType<T>(translation.Events[0]);
        return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(published, Bus), Bus)!;
    }

    private static JsonObject Live(object message) => JsonSerializer.SerializeToNode(message, message.GetType(), LiveEventDispatcher.JsonOptions)!.AsObject();

    /// <summary>The answer's JSON without what only REST answers carry (<c>stale</c>, <c>fetchedAt</c>).</summary>
    private static JsonObject Answer(object response)
    {
        var json = JsonSerializer.SerializeToNode(response, response.GetType(), Rest)!.AsObject();
        json.Remove("stale");
        json.Remove("fetchedAt");
        return json;
    }
}
