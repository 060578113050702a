using System.Text;
using ActionsDashboard.GitHub.Webhooks;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.GitHub.Tests;

public sealed class WebhookEventParserTests
{
    [Fact]
    public void Every_webhook_sample_parses_with_the_fields_the_dashboard_needs()
    {
        var files = Samples.WebhookFiles().ToList();
        Assert.Equal(23, files.Count);

        foreach (var file in files)
        {
            var eventName = Samples.EventNameOf(file);
            var parsed = WebhookEventParser.Parse(eventName, Samples.Webhook(file));

            Assert.Equal(eventName, parsed.EventName);
            Assert.False(string.IsNullOrEmpty(parsed.Sender?.Login), $"{file}: sender login");
            switch (parsed)
            {
                case WorkflowRunEvent run:
                    Assert.Equal(289782451, run.WorkflowRun.Id);
                    Assert.Equal(163, run.WorkflowRun.RunNumber);
                    Assert.Equal(1, run.WorkflowRun.RunAttempt);
                    Assert.Equal(2823525, run.WorkflowRun.WorkflowId);
                    Assert.Equal("repository_dispatch", run.WorkflowRun.Event);
                    Assert.Equal("master", run.WorkflowRun.HeadBranch);
                    Assert.Equal("3484a3fb816e0859fd6e1cea078d76385ff50625", run.WorkflowRun.HeadSha);
                    Assert.Equal("build(test): check workflow run event payload", run.WorkflowRun.HeadCommit?.Message);
                    Assert.Equal("Matthias Fax", run.WorkflowRun.HeadCommit?.Author?.Name);
                    Assert.Equal("Codertocat", run.WorkflowRun.Actor?.Login);
                    Assert.False(string.IsNullOrEmpty(run.WorkflowRun.TriggeringActor?.AvatarUrl), $"{file}: triggering actor avatar");
                    Assert.Equal("octo-org/octo-repo", run.WorkflowRun.Repository?.FullName);
                    Assert.Equal("https://github.com/octo-org/octo-repo/actions/runs/289782451", run.WorkflowRun.HtmlUrl);
                    Assert.Equal(new DateTimeOffset(2020, 10, 5, 16, 33, 24, TimeSpan.Zero), run.WorkflowRun.CreatedAt);
                    Assert.Equal(new DateTimeOffset(2020, 10, 5, 16, 33, 49, TimeSpan.Zero), run.WorkflowRun.RunStartedAt);
                    Assert.False(string.IsNullOrEmpty(run.WorkflowRun.Status), $"{file}: status");
                    Assert.Equal("test", run.RunDisplayName);
                    break;
                case WorkflowJobEvent job:
                    Assert.True(job.WorkflowJob.Id > 0, $"{file}: job id");
                    Assert.True(job.WorkflowJob.RunId > 0, $"{file}: run id");
                    Assert.False(string.IsNullOrEmpty(job.WorkflowJob.Name), $"{file}: job name");
                    Assert.False(string.IsNullOrEmpty(job.WorkflowJob.Status), $"{file}: job status");
                    Assert.False(string.IsNullOrEmpty(job.WorkflowJob.HeadSha), $"{file}: head sha");
                    Assert.NotEmpty(job.WorkflowJob.Labels);
                    Assert.NotNull(job.WorkflowJob.CreatedAt);
                    Assert.NotNull(job.WorkflowJob.StartedAt);
                    Assert.False(string.IsNullOrEmpty(job.Repository?.FullName), $"{file}: repository");
                    Assert.False(string.IsNullOrEmpty(job.Action), $"{file}: action");
                    break;
                case PushEvent push:
                    Assert.StartsWith("refs/", push.Ref, StringComparison.Ordinal);
                    Assert.Equal("Codertocat/Hello-World", push.Repository?.FullName);
                    Assert.Null(push.Action);
                    break;
                case PullRequestEvent pullRequest:
                    Assert.Equal(2, pullRequest.Number);
                    Assert.Equal(2, pullRequest.PullRequest.Number);
                    Assert.Equal("changes", pullRequest.PullRequest.Head?.Ref);
                    Assert.Equal("master", pullRequest.PullRequest.Base?.Ref);
                    Assert.Equal(1, pullRequest.Installation?.Id);
                    break;
                case PingEvent ping:
                    Assert.Equal(109948940, ping.HookId);
                    Assert.Equal(109948940, ping.Hook?.Id);
                    Assert.False(string.IsNullOrEmpty(ping.Zen), $"{file}: zen");
                    break;
                case InstallationEvent installation:
                    Assert.Equal(957387, installation.Installation?.Id);
                    Assert.Equal("Codertocat", installation.Installation?.Account?.Login);
                    break;
                case InstallationRepositoriesEvent repositories:
                    Assert.Equal(957387, repositories.Installation?.Id);
                    Assert.NotEmpty(repositories.RepositoriesAdded);
                    break;
                case UnhandledWebhookEvent unhandled:
                    Assert.Contains(eventName, new[] { "check_run", "check_suite", "workflow_dispatch" });
                    Assert.False(string.IsNullOrEmpty(unhandled.Repository?.FullName), $"{file}: repository");
                    break;
                default:
                    Assert.Fail($"{file}: unexpected {parsed.GetType().Name}");
                    break;
            }
        }
    }

    [Theory]
    [InlineData("workflow_run.requested.json")]
    [InlineData("workflow_run.requested.with-conclusion.json")]
    [InlineData("workflow_run.completed.json")]
    [InlineData("workflow_run.completed.with-pull-requests.json")]
    public void Workflow_run_with_empty_name_is_displayed_with_the_workflow_name(string file)
    {
        var parsed = Assert.IsType<WorkflowRunEvent>(WebhookEventParser.Parse("workflow_run", Samples.Webhook(file)));

        Assert.Equal("", parsed.WorkflowRun.Name);
        Assert.Equal("test", parsed.Workflow?.Name);
        Assert.Equal("test", parsed.RunDisplayName);
    }

    [Fact]
    public void Run_display_name_falls_back_to_display_title_without_a_workflow_name()
    {
        var parsed = Assert.IsType<WorkflowRunEvent>(WebhookEventParser.Parse("workflow_run", Samples.Webhook("workflow_run.completed.json")));

        Assert.Equal("ci(action): update actions/setup-node digest to 8c91899", parsed.WorkflowRun.GetDisplayName(workflowName: null));
        Assert.Equal("Build", (parsed.WorkflowRun with { Name = "Build" }).GetDisplayName("test"));
    }

    [Fact]
    public void Workflow_run_requested_with_conclusion_keeps_action_and_status_apart()
    {
        var parsed = Assert.IsType<WorkflowRunEvent>(
            WebhookEventParser.Parse("workflow_run", Samples.Webhook("workflow_run.requested.with-conclusion.json")));

        Assert.Equal("requested", parsed.Action);
        Assert.Equal("completed", parsed.WorkflowRun.Status);
        Assert.Equal("action_required", parsed.WorkflowRun.Conclusion);
    }

    [Fact]
    public void Workflow_run_with_pull_requests_lists_their_numbers()
    {
        var parsed = Assert.IsType<WorkflowRunEvent>(
            WebhookEventParser.Parse("workflow_run", Samples.Webhook("workflow_run.completed.with-pull-requests.json")));

        Assert.Equal([2L], parsed.WorkflowRun.PullRequestNumbers);
        Assert.Equal("changes", parsed.WorkflowRun.PullRequests[0].Head?.Ref);
        Assert.Empty(Assert.IsType<WorkflowRunEvent>(
            WebhookEventParser.Parse("workflow_run", Samples.Webhook("workflow_run.completed.json"))).WorkflowRun.PullRequestNumbers);
    }

    [Fact]
    public void Workflow_job_queued_with_deployment_has_action_queued_but_status_waiting()
    {
        var parsed = Assert.IsType<WorkflowJobEvent>(
            WebhookEventParser.Parse("workflow_job", Samples.Webhook("workflow_job.queued.with-deployment.json")));

        Assert.Equal("queued", parsed.Action);
        Assert.Equal("waiting", parsed.WorkflowJob.Status);
        Assert.NotEqual(parsed.Action, parsed.WorkflowJob.Status);
        Assert.Equal("Test", parsed.Deployment?.Environment);
        Assert.Null(parsed.WorkflowJob.RunnerName);
        Assert.Equal(["self-hosted", "k8s"], parsed.WorkflowJob.Labels);
        Assert.Equal(23154469, parsed.Installation?.Id);
    }

    [Theory]
    [InlineData("workflow_job.completed.failure.json", "failure", 12)]
    [InlineData("workflow_job.completed.success.json", "success", 8)]
    [InlineData("workflow_job.in_progress.with-queued-steps.json", null, 9)]
    [InlineData("workflow_job.queued.json", null, 0)]
    public void Workflow_job_carries_its_conclusion_and_steps(string file, string? conclusion, int steps)
    {
        var parsed = Assert.IsType<WorkflowJobEvent>(WebhookEventParser.Parse("workflow_job", Samples.Webhook(file)));

        Assert.Equal(conclusion, parsed.WorkflowJob.Conclusion);
        Assert.Equal(steps, parsed.WorkflowJob.Steps.Count);
        if (steps > 0)
        {
            Assert.Equal("Set up job", parsed.WorkflowJob.Steps[0].Name);
            Assert.Equal(1, parsed.WorkflowJob.Steps[0].Number);
            Assert.NotNull(parsed.WorkflowJob.Steps[0].StartedAt);
        }
    }

    [Fact]
    public void Workflow_job_failure_names_the_failed_step()
    {
        var parsed = Assert.IsType<WorkflowJobEvent>(
            WebhookEventParser.Parse("workflow_job", Samples.Webhook("workflow_job.completed.failure.json")));

        Assert.Equal(289782451, parsed.WorkflowJob.Id);
        Assert.Equal(2202229078, parsed.WorkflowJob.RunId);
        Assert.Equal("linters", parsed.WorkflowJob.Name);
        Assert.Equal("GitHub Actions 5", parsed.WorkflowJob.RunnerName);
        Assert.Equal(new DateTimeOffset(2021, 8, 5, 10, 38, 16, TimeSpan.Zero), parsed.WorkflowJob.CompletedAt);
        var failed = Assert.Single(parsed.WorkflowJob.Steps, s => s.Conclusion == "failure");
        Assert.Equal("Run yarn run format-check", failed.Name);
        Assert.Equal("Octocoders", parsed.Organization?.Login);
        Assert.Null(parsed.Installation);
    }

    [Fact]
    public void Workflow_job_in_progress_keeps_queued_steps()
    {
        var parsed = Assert.IsType<WorkflowJobEvent>(
            WebhookEventParser.Parse("workflow_job", Samples.Webhook("workflow_job.in_progress.with-queued-steps.json")));

        Assert.Equal("in_progress", parsed.WorkflowJob.Steps.Single(s => s.Number == 3).Status);
        Assert.Equal(6, parsed.WorkflowJob.Steps.Count(s => s.Status == "queued"));
        Assert.Null(parsed.WorkflowJob.Steps.Single(s => s.Number == 14).StartedAt);
    }

    [Fact]
    public void Push_to_a_tag_is_detected_with_its_tag_name()
    {
        var parsed = Assert.IsType<PushEvent>(WebhookEventParser.Parse("push", Samples.Webhook("push.json")));

        Assert.True(parsed.IsTag);
        Assert.False(parsed.IsBranch);
        Assert.Equal("simple-tag", parsed.TagName);
        Assert.Null(parsed.BranchName);
        Assert.True(parsed.IsTagDeletion);
        Assert.False(parsed.IsBranchCreation);
        Assert.Null(parsed.HeadCommit);
        Assert.Empty(parsed.Commits);
        Assert.Null(parsed.Installation);
    }

    [Fact]
    public void Push_creating_a_branch_is_detected()
    {
        var parsed = Assert.IsType<PushEvent>(WebhookEventParser.Parse("push", Samples.Webhook("push.with-new-branch.json")));

        Assert.True(parsed.IsBranchCreation);
        Assert.False(parsed.IsBranchDeletion);
        Assert.False(parsed.IsTag);
        Assert.Equal("master", parsed.BranchName);
        Assert.Equal("0000000000000000000000000000000000000000", parsed.Before);
        Assert.Equal("6113728f27ae82c7b1a177c8d03f9e96e0adf246", parsed.HeadCommit?.Id);
        Assert.Equal("Initial commit", Assert.Single(parsed.Commits).Message);
        Assert.Equal("Codertocat", parsed.Commits[0].Author?.Username);
        Assert.Equal(1, parsed.Installation?.Id);
    }

    [Fact]
    public void Pull_request_synchronize_carries_before_and_after()
    {
        var parsed = Assert.IsType<PullRequestEvent>(WebhookEventParser.Parse("pull_request", Samples.Webhook("pull_request.synchronize.json")));

        Assert.Equal("synchronize", parsed.Action);
        Assert.Equal("f95f852bd8fca8fcc58a9a2d6c842781e32a215e", parsed.Before);
        Assert.Equal("ec26c3e57ca3a959ca5aad62de7213c562f8c821", parsed.After);
        Assert.Equal("Update the README with new information.", parsed.PullRequest.Title);
        Assert.Equal("Codertocat", parsed.PullRequest.User?.Login);
    }

    [Fact]
    public void Ping_from_a_github_app_carries_the_app_id()
    {
        var app = Assert.IsType<PingEvent>(WebhookEventParser.Parse("ping", Samples.Webhook("ping.with-app_id.json")));
        var repository = Assert.IsType<PingEvent>(WebhookEventParser.Parse("ping", Samples.Webhook("ping.json")));

        Assert.Equal(29310, app.Hook?.AppId);
        Assert.Null(repository.Hook?.AppId);
        Assert.Equal("Anything added dilutes everything else.", repository.Zen);
        Assert.Equal(["*"], repository.Hook?.Events);
    }

    [Fact]
    public void Installation_created_reads_account_permissions_and_unix_timestamps()
    {
        var parsed = Assert.IsType<InstallationEvent>(WebhookEventParser.Parse("installation", Samples.Webhook("installation.created.json")));

        Assert.Equal("created", parsed.Action);
        Assert.Equal("User", parsed.Installation?.TargetType);
        Assert.Equal("User", parsed.Installation?.Account?.Type);
        Assert.Equal("selected", parsed.Installation?.RepositorySelection);
        Assert.Equal("write", parsed.Installation?.Permissions?["checks"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1557933591), parsed.Installation?.CreatedAt);
        Assert.Equal("Codertocat/Hello-World", Assert.Single(parsed.Repositories!).FullName);
    }

    [Fact]
    public void Installation_repositories_added_lists_added_and_removed()
    {
        var parsed = Assert.IsType<InstallationRepositoriesEvent>(
            WebhookEventParser.Parse("installation_repositories", Samples.Webhook("installation_repositories.added.json")));

        Assert.Equal("added", parsed.Action);
        Assert.Equal("selected", parsed.RepositorySelection);
        Assert.Equal("Codertocat/Space", Assert.Single(parsed.RepositoriesAdded).FullName);
        Assert.Empty(parsed.RepositoriesRemoved);
        Assert.Equal("Codertocat", parsed.Requester?.Login);
    }

    [Fact]
    public void Installation_and_organization_keys_are_optional()
    {
        var withOrganization = WebhookEventParser.Parse("workflow_run", Samples.Webhook("workflow_run.completed.json"));
        var withInstallation = WebhookEventParser.Parse("workflow_job", Samples.Webhook("workflow_job.in_progress.json"));

        Assert.Null(withOrganization.Installation);
        Assert.Equal("octo-org", withOrganization.Organization?.Login);
        Assert.Equal(1, withInstallation.Installation?.Id);
        Assert.Null(withInstallation.Organization);
    }

    [Theory]
    [InlineData("check_run", "check_run.completed.json", "completed")]
    [InlineData("check_suite", "check_suite.completed.json", "completed")]
    [InlineData("workflow_dispatch", "workflow_dispatch.json", null)]
    public void Events_the_dashboard_does_not_model_are_unhandled_not_errors(string eventName, string file, string? action)
    {
        var parsed = Assert.IsType<UnhandledWebhookEvent>(WebhookEventParser.Parse(eventName, Samples.Webhook(file)));

        Assert.Equal(eventName, parsed.EventName);
        Assert.Equal(action, parsed.Action);
        Assert.NotNull(parsed.Repository);
    }

    [Fact]
    public void An_event_name_never_seen_before_is_unhandled()
    {
        var parsed = WebhookEventParser.Parse("merge_group", "{}"u8);

        Assert.Equal("merge_group", Assert.IsType<UnhandledWebhookEvent>(parsed).EventName);
        Assert.Null(parsed.Repository);
    }

    [Theory]
    [InlineData("workflow_run", "{\"action\":")]
    [InlineData("workflow_run", "")]
    [InlineData("workflow_run", "null")]
    [InlineData("workflow_run", "[]")]
    [InlineData("workflow_run", "{\"action\":\"completed\"}")]
    [InlineData("check_run", "not json")]
    [InlineData("push", "{\"ref\": 42}")]
    public void Malformed_payload_throws_a_webhook_payload_exception(string eventName, string body)
    {
        var exception = Assert.Throws<WebhookPayloadException>(() => WebhookEventParser.Parse(eventName, Encoding.UTF8.GetBytes(body)));

        Assert.Equal(eventName, exception.EventName);
        Assert.Contains(eventName, exception.Message, StringComparison.Ordinal);
    }
}
