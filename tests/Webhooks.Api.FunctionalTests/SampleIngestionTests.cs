using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.FunctionalTests.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

/// <summary>
/// Every webhook sample GitHub and Octokit publish goes in signed, as GitHub would send it; what comes out is checked
/// against the sample's JSON read here on its own (not through the GitHub library), field by field.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SampleIngestionTests(WebhooksApiFixture fixture) : IClassFixture<WebhooksApiFixture>
{
    private readonly WebhooksApiFactory _api = fixture.Api;
    private readonly HttpClient _client = fixture.Client;

    public static TheoryData<string> SampleFiles() => new(Samples.WebhookFiles());

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public async Task Every_sample_delivery_is_stored_and_yields_the_right_events_with_the_right_fields(string file)
    {
        var eventName = Samples.EventNameOf(file);
        var body = Samples.Webhook(file);
        var deliveryId = Guid.NewGuid().ToString();
        var sample = JsonNode.Parse(body)!;

        using var response = await _client.SendAsync(GitHubDelivery.Json(eventName, body, WebhooksApiFactory.Secret, deliveryId));

        var used = eventName is "workflow_run" or "workflow_job" or "push" or "pull_request" or "installation" or "installation_repositories";
        Assert.Equal(eventName == "ping" ? HttpStatusCode.OK : HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(deliveryId, (string?)receipt!["deliveryId"]);
        Assert.Equal(eventName == "ping" ? "pong" : used ? "accepted" : "ignored", (string?)receipt["outcome"]);

        var stored = (await _api.QueryAsync(
            "SELECT event, action, repository_full_name, installation_id, payload, state FROM deliveries WHERE id = @id",
            row => (Event: row.GetString(0), Action: row.IsDBNull(1) ? null : row.GetString(1), Repository: row.IsDBNull(2) ? null : row.GetString(2),
                Installation: row.IsDBNull(3) ? (long?)null : row.GetInt64(3), Payload: (byte[])row[4], State: row.GetString(5)),
            ("id", deliveryId))).Single();
        Assert.Equal(eventName, stored.Event);
        Assert.Equal((string?)sample["action"], stored.Action);
        Assert.Equal((string?)sample["repository"]?["full_name"], stored.Repository);
        Assert.Equal((long?)sample["installation"]?["id"], stored.Installation);
        Assert.Equal(body, stored.Payload);
        // A used event's delivery is Received until the dispatcher has published its events, which can already have happened.
        Assert.Contains(stored.State, used ? new[] { "Received", "Processed" } : [eventName == "ping" ? "Processed" : "Ignored"]);

        var events = await _api.QueryAsync("SELECT event_type, content FROM outbox_messages WHERE delivery_id = @id ORDER BY sequence",
            row => (Type: row.GetString(0), Content: row.GetString(1)), ("id", deliveryId));
        if (!used)
        {
            Assert.Empty(events);
            return;
        }

        var (type, content) = Assert.Single(events);
        switch (eventName)
        {
            case "workflow_run":
                Assert.Equal(nameof(WorkflowRunChanged), type);
                AssertWorkflowRun(sample, deliveryId, Read<WorkflowRunChanged>(content));
                break;
            case "workflow_job":
                Assert.Equal(nameof(WorkflowJobChanged), type);
                AssertWorkflowJob(sample, deliveryId, Read<WorkflowJobChanged>(content));
                break;
            case "push":
                Assert.Equal(nameof(PushReceived), type);
                AssertPush(sample, deliveryId, Read<PushReceived>(content));
                break;
            case "pull_request":
                Assert.Equal(nameof(PullRequestChanged), type);
                AssertPullRequest(sample, deliveryId, Read<PullRequestChanged>(content));
                break;
            default:
                Assert.Equal(nameof(InstallationChanged), type);
                AssertInstallation(sample, eventName, deliveryId, Read<InstallationChanged>(content));
                break;
        }
    }

    [Fact]
    public async Task Workflow_run_delivery_reaches_a_subscribed_consumer_with_its_fields()
    {
        await using var consumer = await ConsumerHost.StartAsync(_api);
        var body = DistinctBody.Of(Samples.Webhook("workflow_run.completed.with-pull-requests.json"));
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await _client.SendAsync(GitHubDelivery.Json("workflow_run", body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = (await Eventually.WaitForAsync(() => Task.FromResult(consumer.Received.Runs), runs => runs.Count == 1, TimeSpan.FromSeconds(15),
            "for the consumer to receive the WorkflowRunChanged")).Single();
        AssertWorkflowRun(JsonNode.Parse(body)!, deliveryId, run);
        Assert.Equal("test", run.Name);
        Assert.Equal([2L], run.PullRequestNumbers);
        await Eventually.WaitForAsync(
            () => _api.QueryAsync("SELECT state FROM deliveries WHERE id = @id", row => row.GetString(0), ("id", deliveryId)),
            states => states.Single() == "Processed", TimeSpan.FromSeconds(10), "for the delivery to be marked processed");
    }

    [Fact]
    public async Task Form_encoded_delivery_signed_over_the_raw_form_body_is_accepted()
    {
        var body = DistinctBody.Of(Samples.Webhook("workflow_job.queued.json"));
        var deliveryId = Guid.NewGuid().ToString();

        using var response = await _client.SendAsync(GitHubDelivery.Form("workflow_job", body, WebhooksApiFactory.Secret, deliveryId));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var stored = await _api.QueryAsync("SELECT payload FROM deliveries WHERE id = @id", row => (byte[])row[0], ("id", deliveryId));
        Assert.Equal(JsonNode.Parse(body)!.ToJsonString(), JsonNode.Parse(stored.Single())!.ToJsonString());
        var content = (await _api.QueryAsync("SELECT content FROM outbox_messages WHERE delivery_id = @id", row => row.GetString(0), ("id", deliveryId))).Single();
        AssertWorkflowJob(JsonNode.Parse(body)!, deliveryId, Read<WorkflowJobChanged>(content));
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, JsonSerializerOptions.Web)!;

    private static void AssertRepository(JsonNode sample, RepositoryReference repository)
    {
        var expected = sample["repository"]!;
        Assert.Equal((long)expected["id"]!, repository.Id);
        Assert.Equal((string?)expected["full_name"], repository.FullName);
        Assert.Equal((string?)expected["owner"]!["login"], repository.Owner);
        Assert.Equal((string?)expected["name"], repository.Name);
    }

    private static void AssertWorkflowRun(JsonNode sample, string deliveryId, WorkflowRunChanged run)
    {
        var expected = sample["workflow_run"]!;
        Assert.NotEqual(Guid.Empty, run.Id);
        Assert.Equal(deliveryId, run.DeliveryId);
        Assert.Equal((string?)sample["action"], run.Action);
        AssertRepository(sample, run.Repository);
        Assert.Equal((long?)sample["installation"]?["id"], run.InstallationId);
        Assert.Equal((long)expected["id"]!, run.RunId);
        Assert.Equal((int)expected["run_attempt"]!, run.RunAttempt);
        Assert.Equal((long)expected["run_number"]!, run.RunNumber);
        Assert.Equal((long)expected["workflow_id"]!, run.WorkflowId);
        // The samples' run name is empty: the workflow's name stands in, then the display title.
        var name = new[] { (string?)expected["name"], (string?)sample["workflow"]?["name"], (string?)expected["display_title"] }
            .First(candidate => !string.IsNullOrWhiteSpace(candidate));
        Assert.Equal(name, run.Name);
        Assert.Equal((string?)sample["workflow"]?["name"], run.WorkflowName);
        Assert.Equal((string?)expected["display_title"], run.DisplayTitle);
        Assert.Equal((string?)expected["event"], run.Event);
        Assert.Equal((string?)expected["head_branch"], run.HeadBranch);
        Assert.Equal((string?)expected["head_sha"], run.HeadSha);
        Assert.Equal((string?)expected["head_commit"]?["message"], run.CommitMessage);
        Assert.Equal((string?)expected["actor"]?["login"], run.Actor);
        Assert.Equal((string?)expected["status"], run.Status);
        Assert.Equal((string?)expected["conclusion"], run.Conclusion);
        Assert.Equal(Time(expected["created_at"]), run.CreatedAt);
        Assert.Equal(Time(expected["run_started_at"]), run.StartedAt);
        Assert.Equal(Time(expected["updated_at"]), run.UpdatedAt);
        Assert.Equal((string?)expected["html_url"], run.HtmlUrl);
        Assert.Equal(expected["pull_requests"]!.AsArray().Select(pr => (long)pr!["number"]!), run.PullRequestNumbers);
    }

    private static void AssertWorkflowJob(JsonNode sample, string deliveryId, WorkflowJobChanged job)
    {
        var expected = sample["workflow_job"]!;
        Assert.Equal(deliveryId, job.DeliveryId);
        Assert.Equal((string?)sample["action"], job.Action);
        AssertRepository(sample, job.Repository);
        Assert.Equal((long?)sample["installation"]?["id"], job.InstallationId);
        Assert.Equal((long)expected["id"]!, job.JobId);
        Assert.Equal((long)expected["run_id"]!, job.RunId);
        Assert.Equal((string?)expected["name"], job.Name);
        // action need not equal status (a queued delivery can carry status: waiting).
        Assert.Equal((string?)expected["status"], job.Status);
        Assert.Equal((string?)expected["conclusion"], job.Conclusion);
        Assert.Equal(Time(expected["created_at"]), job.QueuedAt);
        Assert.Equal(Time(expected["started_at"]), job.StartedAt);
        Assert.Equal(Time(expected["completed_at"]), job.CompletedAt);
        Assert.Equal((string?)expected["runner_name"], job.RunnerName);
        Assert.Equal(expected["labels"]!.AsArray().Select(label => (string)label!), job.Labels);
        Assert.Equal((string?)sample["deployment"]?["environment"], job.Environment);
        var steps = expected["steps"]!.AsArray();
        Assert.Equal(steps.Count, job.Steps.Count);
        foreach (var (step, actual) in steps.Zip(job.Steps))
        {
            Assert.Equal((string?)step!["name"], actual.Name);
            Assert.Equal((string?)step["status"], actual.Status);
            Assert.Equal((string?)step["conclusion"], actual.Conclusion);
            Assert.Equal((int)step["number"]!, actual.Number);
            Assert.Equal(Time(step["started_at"]), actual.StartedAt);
            Assert.Equal(Time(step["completed_at"]), actual.CompletedAt);
        }
    }

    private static void AssertPush(JsonNode sample, string deliveryId, PushReceived push)
    {
        Assert.Equal(deliveryId, push.DeliveryId);
        AssertRepository(sample, push.Repository);
        Assert.Equal((long?)sample["installation"]?["id"], push.InstallationId);
        var gitRef = (string)sample["ref"]!;
        Assert.Equal(gitRef, push.Ref);
        Assert.Equal(gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..] : null, push.Branch);
        Assert.Equal(gitRef.StartsWith("refs/tags/", StringComparison.Ordinal) ? gitRef["refs/tags/".Length..] : null, push.Tag);
        Assert.Equal((string?)sample["before"], push.Before);
        Assert.Equal((string?)sample["after"], push.After);
        Assert.Equal((bool)sample["created"]!, push.Created);
        Assert.Equal((bool)sample["deleted"]!, push.Deleted);
        Assert.Equal((bool)sample["forced"]!, push.Forced);
        Assert.Equal((string?)sample["head_commit"]?["id"], push.HeadCommitId);
        Assert.Equal((string?)sample["head_commit"]?["message"], push.HeadCommitMessage);
        Assert.Equal(sample["commits"]?.AsArray().Count ?? 0, push.CommitCount);
        Assert.Equal((string?)sample["pusher"]?["name"], push.Pusher);
        Assert.Equal((string?)sample["compare"], push.CompareUrl);
    }

    private static void AssertPullRequest(JsonNode sample, string deliveryId, PullRequestChanged pullRequest)
    {
        var expected = sample["pull_request"]!;
        Assert.Equal(deliveryId, pullRequest.DeliveryId);
        Assert.Equal((string?)sample["action"], pullRequest.Action);
        AssertRepository(sample, pullRequest.Repository);
        Assert.Equal((long?)sample["installation"]?["id"], pullRequest.InstallationId);
        Assert.Equal((long)sample["number"]!, pullRequest.Number);
        Assert.Equal((string?)expected["title"], pullRequest.Title);
        Assert.Equal((string?)expected["state"], pullRequest.State);
        Assert.Equal((bool?)expected["draft"] ?? false, pullRequest.Draft);
        Assert.Equal((bool?)expected["merged"] ?? false, pullRequest.Merged);
        Assert.Equal((string?)expected["head"]!["ref"], pullRequest.HeadRef);
        Assert.Equal((string?)expected["head"]!["sha"], pullRequest.HeadSha);
        Assert.Equal((string?)expected["base"]!["ref"], pullRequest.BaseRef);
        Assert.Equal((string?)expected["user"]!["login"], pullRequest.Author);
        Assert.Equal((string?)expected["html_url"], pullRequest.HtmlUrl);
    }

    private static void AssertInstallation(JsonNode sample, string eventName, string deliveryId, InstallationChanged installation)
    {
        var expected = sample["installation"]!;
        Assert.Equal(deliveryId, installation.DeliveryId);
        Assert.Equal(eventName, installation.GitHubEvent);
        Assert.Equal((string?)sample["action"], installation.Action);
        Assert.Equal((long)expected["id"]!, installation.InstallationId);
        Assert.Equal((string?)expected["account"]!["login"], installation.Account);
        Assert.Equal((long)expected["account"]!["id"]!, installation.AccountId);
        Assert.Equal((string?)sample["sender"]?["login"], installation.Sender);
        Assert.Equal(FullNames(sample["repositories"]), installation.Repositories.Select(r => r.FullName));
        Assert.Equal(FullNames(sample["repositories_added"]), installation.RepositoriesAdded.Select(r => r.FullName));
        Assert.Equal(FullNames(sample["repositories_removed"]), installation.RepositoriesRemoved.Select(r => r.FullName));
        Assert.All(installation.Repositories.Concat(installation.RepositoriesAdded),
            repository => Assert.Equal(repository.FullName, $"{repository.Owner}/{repository.Name}"));
    }

    private static IEnumerable<string> FullNames(JsonNode? repositories) =>
        repositories?.AsArray().Select(repository => (string)repository!["full_name"]!) ?? [];

    private static DateTimeOffset? Time(JsonNode? value) => (string?)value is { } text ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
}
