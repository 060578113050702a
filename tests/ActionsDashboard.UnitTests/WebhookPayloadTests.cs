using System.Text;
using System.Text.Json.Nodes;
using ActionsDashboard.IntegrationEvents;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.IntegrationEvents;
using Webhooks.Api.Model;

namespace ActionsDashboard.UnitTests;

/// <summary>
/// GitHub's deliveries (the samples in <c>samples/github/webhooks</c>) read with Octokit.Webhooks' models, as
/// Webhooks.Api reads them, into the state kept on the delivery row and the events it publishes.
/// </summary>
public sealed class WebhookPayloadTests
{
    private static DeliveryTranslation Read(string sample, string deliveryId = "delivery-1") =>
        DeliveryTranslation.Translate(Samples.EventNameOf(sample), Samples.Webhook(sample), deliveryId);

    private static DeliveryTranslation ReadJson(string eventName, string json) =>
        DeliveryTranslation.Translate(eventName, Encoding.UTF8.GetBytes(json), "delivery-1");

    [Fact]
    public void Every_sample_is_read_used_ones_into_one_event_with_the_fields_the_dashboard_needs()
    {
        var files = Samples.WebhookFiles().ToList();
        Assert.Equal(23, files.Count);

        foreach (var file in files)
        {
            var translation = Read(file);
            var expected = WebhookEventTranslator.IsUsed(Samples.EventNameOf(file)) ? DeliveryState.Received
                : Samples.EventNameOf(file) == "ping" ? DeliveryState.Processed : DeliveryState.Ignored;
            Assert.True(expected == translation.State, $"{file}: {translation.State} ({translation.Error})");
            switch (translation.Events.SingleOrDefault())
            {
                case WorkflowRunChanged run:
                    Assert.Equal(289782451, run.RunId);
                    Assert.Equal(163, run.RunNumber);
                    Assert.Equal(1, run.RunAttempt);
                    Assert.Equal(2823525, run.WorkflowId);
                    Assert.Equal("repository_dispatch", run.Event);
                    Assert.Equal("master", run.HeadBranch);
                    Assert.Equal("3484a3fb816e0859fd6e1cea078d76385ff50625", run.HeadSha);
                    Assert.Equal("build(test): check workflow run event payload", run.CommitMessage);
                    Assert.Equal("Codertocat", run.Actor);
                    Assert.False(string.IsNullOrEmpty(run.ActorAvatarUrl), $"{file}: actor avatar");
                    Assert.Equal("octo-org/octo-repo", run.Repository.FullName);
                    Assert.True(run.Repository.Id > 0, $"{file}: repository id");
                    Assert.Equal("https://github.com/octo-org/octo-repo/actions/runs/289782451", run.HtmlUrl);
                    Assert.Equal(new DateTimeOffset(2020, 10, 5, 16, 33, 24, TimeSpan.Zero), run.CreatedAt);
                    Assert.Equal(new DateTimeOffset(2020, 10, 5, 16, 33, 49, TimeSpan.Zero), run.StartedAt);
                    Assert.False(string.IsNullOrEmpty(run.Status), $"{file}: status");
                    Assert.Equal("test", run.WorkflowName);
                    Assert.Equal("delivery-1", run.DeliveryId);
                    break;
                case WorkflowJobChanged job:
                    Assert.True(job.JobId > 0, $"{file}: job id");
                    Assert.True(job.RunId > 0, $"{file}: run id");
                    Assert.False(string.IsNullOrEmpty(job.Name), $"{file}: job name");
                    Assert.False(string.IsNullOrEmpty(job.Status), $"{file}: job status");
                    Assert.False(string.IsNullOrEmpty(job.HeadSha), $"{file}: head sha");
                    Assert.NotEmpty(job.Labels);
                    Assert.NotNull(job.QueuedAt);
                    Assert.NotNull(job.StartedAt);
                    Assert.False(string.IsNullOrEmpty(job.Repository.FullName), $"{file}: repository");
                    Assert.False(string.IsNullOrEmpty(job.Action), $"{file}: action");
                    break;
                case PushReceived push:
                    Assert.StartsWith("refs/", push.Ref, StringComparison.Ordinal);
                    Assert.Equal("Codertocat/Hello-World", push.Repository.FullName);
                    break;
                case PullRequestChanged pullRequest:
                    Assert.Equal(2, pullRequest.Number);
                    Assert.Equal("changes", pullRequest.HeadRef);
                    Assert.Equal("master", pullRequest.BaseRef);
                    Assert.Equal(1, pullRequest.InstallationId);
                    break;
                case InstallationChanged installation:
                    Assert.Equal(957387, installation.InstallationId);
                    Assert.Equal("Codertocat", installation.Account);
                    break;
                case null:
                    Assert.NotEqual(DeliveryState.Received, translation.State);
                    Assert.False(string.IsNullOrEmpty(translation.RepositoryFullName), $"{file}: repository kept on the row");
                    break;
                default:
                    Assert.Fail($"{file}: unexpected {translation.Events[0].GetType().Name}");
                    break;
            }
        }
    }

    [Fact]
    public void A_run_requested_with_a_conclusion_keeps_the_action_and_the_status_apart()
    {
        var run = Assert.IsType<WorkflowRunChanged>(Assert.Single(Read("workflow_run.requested.with-conclusion.json").Events));

        Assert.Equal("requested", run.Action);
        Assert.Equal("completed", run.Status);
        Assert.Equal("action_required", run.Conclusion);
    }

    [Fact]
    public void A_run_carries_its_repositorys_default_branch_for_alert_rules_that_follow_it()
    {
        var run = Assert.IsType<WorkflowRunChanged>(Assert.Single(Read("workflow_run.completed.json").Events));

        Assert.Equal("master", run.DefaultBranch);
        Assert.Equal("master", run.HeadBranch);
    }

    [Fact]
    public void A_run_lists_the_numbers_of_its_pull_requests()
    {
        var run = Assert.IsType<WorkflowRunChanged>(Assert.Single(Read("workflow_run.completed.with-pull-requests.json").Events));

        Assert.Equal([2L], run.PullRequestNumbers);
    }

    [Fact]
    public void A_job_queued_for_a_deployment_is_waiting_with_its_environment_labels_and_installation()
    {
        var job = Assert.IsType<WorkflowJobChanged>(Assert.Single(Read("workflow_job.queued.with-deployment.json").Events));

        Assert.Equal("queued", job.Action);
        Assert.Equal("waiting", job.Status);
        Assert.Equal("Test", job.Environment);
        Assert.Null(job.RunnerName);
        Assert.Equal(["self-hosted", "k8s"], job.Labels);
        Assert.Equal(23154469, job.InstallationId);
    }

    [Theory]
    [InlineData("workflow_job.completed.failure.json", "failure", 12)]
    [InlineData("workflow_job.completed.success.json", "success", 8)]
    [InlineData("workflow_job.in_progress.with-queued-steps.json", null, 9)]
    [InlineData("workflow_job.queued.json", null, 0)]
    public void A_job_carries_its_conclusion_and_steps(string file, string? conclusion, int steps)
    {
        var job = Assert.IsType<WorkflowJobChanged>(Assert.Single(Read(file).Events));

        Assert.Equal(conclusion, job.Conclusion);
        Assert.Equal(steps, job.Steps.Count);
        if (steps > 0)
        {
            Assert.Equal("Set up job", job.Steps[0].Name);
            Assert.Equal(1, job.Steps[0].Number);
            Assert.NotNull(job.Steps[0].StartedAt);
        }
    }

    [Fact]
    public void A_failed_job_names_its_failed_step_runner_and_completion()
    {
        var job = Assert.IsType<WorkflowJobChanged>(Assert.Single(Read("workflow_job.completed.failure.json").Events));

        Assert.Equal(2202229078, job.RunId);
        Assert.Equal("linters", job.Name);
        Assert.Equal("GitHub Actions 5", job.RunnerName);
        Assert.Equal(new DateTimeOffset(2021, 8, 5, 10, 38, 16, TimeSpan.Zero), job.CompletedAt);
        Assert.Equal("Run yarn run format-check", Assert.Single(job.Steps, s => s.Conclusion == "failure").Name);
        Assert.Null(job.InstallationId);
    }

    [Fact]
    public void A_job_in_progress_keeps_its_queued_steps()
    {
        var job = Assert.IsType<WorkflowJobChanged>(Assert.Single(Read("workflow_job.in_progress.with-queued-steps.json").Events));

        Assert.Equal("in_progress", job.Steps.Single(s => s.Number == 3).Status);
        Assert.Equal(6, job.Steps.Count(s => s.Status == "queued"));
        Assert.Null(job.Steps.Single(s => s.Number == 14).StartedAt);
    }

    [Fact]
    public void A_deleted_tag_and_a_created_branch_are_told_apart()
    {
        var tag = Assert.IsType<PushReceived>(Assert.Single(Read("push.json", "d-42").Events));
        var branch = Assert.IsType<PushReceived>(Assert.Single(Read("push.with-new-branch.json").Events));

        Assert.Equal("d-42", tag.DeliveryId);
        Assert.Equal(("simple-tag", (string?)null, true, false), (tag.Tag, tag.Branch, tag.Deleted, tag.Created));
        Assert.Null(tag.HeadCommitId);
        Assert.Equal(0, tag.CommitCount);
        Assert.Equal("Codertocat", tag.Sender);
        Assert.Equal(("master", (string?)null, false, true), (branch.Branch, branch.Tag, branch.Deleted, branch.Created));
        Assert.Equal("0000000000000000000000000000000000000000", branch.Before);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", branch.HeadCommitId);
        Assert.Equal("Initial commit", branch.HeadCommitMessage);
        Assert.Equal(1, branch.CommitCount);
        Assert.Equal(1, branch.InstallationId);
    }

    [Fact]
    public void Pull_requests_keep_their_number_title_state_and_author()
    {
        var opened = Assert.IsType<PullRequestChanged>(Assert.Single(Read("pull_request.opened.json").Events));
        var synchronized = Assert.IsType<PullRequestChanged>(Assert.Single(Read("pull_request.synchronize.json").Events));

        Assert.Equal(("opened", 2L, "Update the README with new information.", "open", false), (opened.Action, opened.Number, opened.Title, opened.State, opened.Merged));
        Assert.Equal("synchronize", synchronized.Action);
        Assert.Equal("Codertocat", synchronized.Author);
        Assert.Equal("Codertocat/Hello-World", synchronized.Repository.FullName);
    }

    [Fact]
    public void Installations_carry_their_account_and_repositories()
    {
        var createdDelivery = Read("installation.created.json");
        var created = Assert.IsType<InstallationChanged>(Assert.Single(createdDelivery.Events));
        // The delivery row keeps the installation too (installation events carry it under their own property).
        Assert.Equal(957387, createdDelivery.InstallationId);
        var added = Assert.IsType<InstallationChanged>(Assert.Single(Read("installation_repositories.added.json").Events));

        Assert.Equal(("created", "installation", "User", "selected"), (created.Action, created.GitHubEvent, created.AccountType, created.RepositorySelection));
        Assert.NotEmpty(created.Repositories);
        Assert.All(created.Repositories, r => Assert.True(r.Id > 0 && r.FullName.Contains('/', StringComparison.Ordinal)));
        Assert.Equal("added", added.Action);
        Assert.NotEmpty(added.RepositoriesAdded);
        Assert.Equal(957387, added.InstallationId);
    }

    [Fact]
    public void An_event_nobody_uses_is_kept_with_its_facts_and_ignored()
    {
        var translation = ReadJson("something_new", """{"action":"happened","repository":{"id":1,"full_name":"o/r"},"installation":{"id":7}}""");

        Assert.Equal(DeliveryState.Ignored, translation.State);
        Assert.Equal(("happened", "o/r", 7L), (translation.Action, translation.RepositoryFullName, translation.InstallationId));
        Assert.Empty(translation.Events);
    }

    [Fact]
    public void An_action_newer_than_the_models_is_kept_and_ignored_with_the_reason()
    {
        var payload = JsonNode.Parse(Samples.Webhook("workflow_run.completed.json"))!;
        payload["action"] = "teleported";

        var translation = ReadJson("workflow_run", payload.ToJsonString());

        Assert.Equal(DeliveryState.Ignored, translation.State);
        Assert.Equal("teleported", translation.Action);
        Assert.Equal("octo-org/octo-repo", translation.RepositoryFullName);
        Assert.Contains("teleported", translation.Error, StringComparison.Ordinal);
        Assert.Empty(translation.Events);
    }

    [Theory]
    [InlineData("workflow_run", """{"action":"completed","workflow_run":{"id":"not a number"}}""")]
    [InlineData("workflow_job", """{"action":"queued","workflow_job":[1,2]}""")]
    [InlineData("workflow_run", """{"action":"completed","repository":{"id":1,"full_name":"o/r"}}""")]
    [InlineData("workflow_run", """{"action":"requested","workflow":null,"workflow_run":{"created_at":"not a time"}}""")]
    public void A_used_event_of_the_wrong_shape_is_kept_as_failed_with_the_reason(string eventName, string json)
    {
        var translation = ReadJson(eventName, json);

        Assert.Equal(DeliveryState.Failed, translation.State);
        Assert.False(string.IsNullOrEmpty(translation.Error));
        Assert.Empty(translation.Events);
    }

    [Fact]
    public void A_run_without_a_key_github_always_sends_is_kept_as_failed_naming_it()
    {
        var payload = JsonNode.Parse(Samples.Webhook("workflow_run.completed.json"))!;
        payload["workflow_run"]!.AsObject().Remove("status");

        var translation = ReadJson("workflow_run", payload.ToJsonString());

        Assert.Equal(DeliveryState.Failed, translation.State);
        Assert.Contains("'status'", translation.Error, StringComparison.Ordinal);
        Assert.Equal("octo-org/octo-repo", translation.RepositoryFullName);
    }
}
