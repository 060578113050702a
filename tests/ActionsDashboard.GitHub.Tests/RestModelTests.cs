using System.Text.Json;
using ActionsDashboard.GitHub.Models;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.GitHub.Tests;

public sealed class RestModelTests
{
    private static readonly GitHubJsonContext Json = GitHubJsonContext.Default;

    [Fact]
    public void Every_rest_sample_has_a_test_below()
    {
        string[] covered =
        [
            "get-authenticated-user.json", "get-authenticated-user.public-profile.json", "get-workflow-run.json",
            "list-check-run-annotations.json", "list-jobs-for-workflow-run.json", "list-repo-workflows.json", "list-repos-for-authenticated-user.json",
            "list-user-installations.json", "list-workflow-runs-for-repo.json", "rate-limit.json",
        ];

        Assert.Equal(covered, Samples.RestFiles());
    }

    [Fact]
    public void Check_run_annotations_read_path_lines_level_and_message()
    {
        var annotations = JsonSerializer.Deserialize(Samples.Rest("list-check-run-annotations.json"), Json.ListCheckAnnotation)!;

        var annotation = Assert.Single(annotations);
        Assert.Equal(("README.md", 2, 2, 5, 10), (annotation.Path, annotation.StartLine, annotation.EndLine, annotation.StartColumn, annotation.EndColumn));
        Assert.Equal(("warning", "Spell Checker"), (annotation.AnnotationLevel, annotation.Title));
        Assert.Equal("Check your spelling for 'banaas'.", annotation.Message);
        Assert.Equal("Do you mean 'bananas' or 'banana'?", annotation.RawDetails);
        Assert.StartsWith("https://api.github.com/", annotation.BlobHref, StringComparison.Ordinal);
    }

    [Fact]
    public void Workflow_runs_list_reads_total_count_and_runs()
    {
        var list = JsonSerializer.Deserialize(Samples.Rest("list-workflow-runs-for-repo.json"), Json.WorkflowRunList)!;

        Assert.Equal(1, list.TotalCount);
        var run = Assert.Single(list.WorkflowRuns);
        Assert.Equal(30433642, run.Id);
        Assert.Equal("Build", run.Name);
        Assert.Equal("Update README.md", run.DisplayTitle);
        Assert.Equal(562, run.RunNumber);
        Assert.Equal(1, run.RunAttempt);
        Assert.Equal("push", run.Event);
        Assert.Equal("queued", run.Status);
        Assert.Null(run.Conclusion);
        Assert.Equal(159038, run.WorkflowId);
        Assert.Equal("master", run.HeadBranch);
        Assert.Equal("acb5820ced9479c074f688cc328bf03f341a511d", run.HeadSha);
        Assert.Equal("Create linter.yaml", run.HeadCommit?.Message);
        Assert.Equal("Octo Cat", run.HeadCommit?.Author?.Name);
        Assert.Equal("octocat", run.Actor?.Login);
        Assert.Equal("https://github.com/images/error/octocat_happy.gif", run.TriggeringActor?.AvatarUrl);
        Assert.Equal(new DateTimeOffset(2020, 1, 22, 19, 33, 8, TimeSpan.Zero), run.CreatedAt);
        Assert.Equal(run.CreatedAt, run.UpdatedAt);
        Assert.Equal(run.CreatedAt, run.RunStartedAt);
        Assert.Equal("https://github.com/octo-org/octo-repo/actions/runs/30433642", run.HtmlUrl);
        Assert.Empty(run.PullRequestNumbers);
        Assert.Equal("octocat/Hello-World", run.Repository?.FullName);
        Assert.Equal("Build", run.GetDisplayName("ignored because the run has a name"));
    }

    [Fact]
    public void Single_workflow_run_reads_its_fields()
    {
        var run = JsonSerializer.Deserialize(Samples.Rest("get-workflow-run.json"), Json.WorkflowRun)!;

        Assert.Equal(30433642, run.Id);
        Assert.Equal("main", run.HeadBranch);
        Assert.Equal(".github/workflows/build.yml@main", run.Path);
        Assert.Equal("octocat", run.TriggeringActor?.Login);
    }

    [Fact]
    public void Jobs_list_reads_jobs_with_steps()
    {
        var list = JsonSerializer.Deserialize(Samples.Rest("list-jobs-for-workflow-run.json"), Json.WorkflowJobList)!;

        Assert.Equal(1, list.TotalCount);
        var job = Assert.Single(list.Jobs);
        Assert.Equal(399444496, job.Id);
        Assert.Equal(29679449, job.RunId);
        Assert.Equal("build", job.Name);
        Assert.Equal("completed", job.Status);
        Assert.Equal("success", job.Conclusion);
        Assert.Equal(new DateTimeOffset(2020, 1, 20, 17, 42, 40, TimeSpan.Zero), job.StartedAt);
        Assert.Equal(new DateTimeOffset(2020, 1, 20, 17, 44, 39, TimeSpan.Zero), job.CompletedAt);
        Assert.Equal("my runner", job.RunnerName);
        Assert.Equal(["self-hosted", "foo", "bar"], job.Labels);
        Assert.Equal("https://github.com/octo-org/octo-repo/runs/29679449/jobs/399444496", job.HtmlUrl);
        Assert.Equal(10, job.Steps.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 16, 17], job.Steps.Select(s => s.Number));
        var first = job.Steps[0];
        Assert.Equal("Set up job", first.Name);
        Assert.Equal("completed", first.Status);
        Assert.Equal("success", first.Conclusion);
        // "2020-01-20T09:42:40.000-08:00" is the same instant as 17:42:40Z.
        Assert.Equal(new DateTimeOffset(2020, 1, 20, 17, 42, 40, TimeSpan.Zero), first.StartedAt);
        Assert.Equal(new DateTimeOffset(2020, 1, 20, 17, 42, 41, TimeSpan.Zero), first.CompletedAt);
    }

    [Fact]
    public void Workflows_list_reads_workflows()
    {
        var list = JsonSerializer.Deserialize(Samples.Rest("list-repo-workflows.json"), Json.WorkflowList)!;

        Assert.Equal(2, list.TotalCount);
        Assert.Equal(["CI", "Linter"], list.Workflows.Select(w => w.Name));
        Assert.Equal(161335, list.Workflows[0].Id);
        Assert.Equal(".github/workflows/blank.yaml", list.Workflows[0].Path);
        Assert.Equal("active", list.Workflows[0].State);
    }

    [Fact]
    public void Repositories_list_reads_owner_and_permissions()
    {
        var repositories = JsonSerializer.Deserialize(Samples.Rest("list-repos-for-authenticated-user.json"), Json.ListRepository)!;

        var repository = Assert.Single(repositories);
        Assert.Equal(1296269, repository.Id);
        Assert.Equal("Hello-World", repository.Name);
        Assert.Equal("octocat/Hello-World", repository.FullName);
        Assert.Equal("octocat", repository.Owner?.Login);
        Assert.Equal("User", repository.Owner?.Type);
        Assert.False(repository.Private);
        Assert.Equal("master", repository.DefaultBranch);
        Assert.False(repository.Archived);
        Assert.Equal("https://github.com/octocat/Hello-World", repository.HtmlUrl);
        Assert.Equal(new RepositoryPermissions { Admin = false, Push = false, Pull = true }, repository.Permissions);
        Assert.Null(repository.Permissions?.Maintain);
    }

    [Theory]
    [InlineData("get-authenticated-user.json")]
    [InlineData("get-authenticated-user.public-profile.json")]
    public void Authenticated_user_reads_identity(string file)
    {
        var user = JsonSerializer.Deserialize(Samples.Rest(file), Json.AuthenticatedUser)!;

        Assert.Equal(1, user.Id);
        Assert.Equal("octocat", user.Login);
        Assert.Equal("monalisa octocat", user.Name);
        Assert.Equal("https://github.com/images/error/octocat_happy.gif", user.AvatarUrl);
        Assert.Equal("https://github.com/octocat", user.HtmlUrl);
    }

    [Fact]
    public void Installations_list_reads_accounts_and_permissions()
    {
        var list = JsonSerializer.Deserialize(Samples.Rest("list-user-installations.json"), Json.InstallationList)!;

        Assert.Equal(2, list.TotalCount);
        Assert.Equal([1L, 3L], list.Installations.Select(i => i.Id));
        var installation = list.Installations[0];
        Assert.Equal("octocat", installation.Account?.Login);
        Assert.Equal("octocat", installation.Account?.DisplayName);
        Assert.Equal("Organization", installation.TargetType);
        Assert.Equal("all", installation.RepositorySelection);
        Assert.Equal("write", installation.Permissions?["checks"]);
        Assert.Equal(new DateTimeOffset(2017, 7, 8, 16, 18, 44, TimeSpan.FromHours(-4)), installation.CreatedAt);
        Assert.Null(installation.SuspendedAt);
    }

    [Fact]
    public void Rate_limit_reads_core_and_the_legacy_rate_object()
    {
        var overview = JsonSerializer.Deserialize(Samples.Rest("rate-limit.json"), Json.RateLimitOverview)!;

        Assert.Equal(5000, overview.Core?.Limit);
        Assert.Equal(4999, overview.Core?.Remaining);
        Assert.Equal(1, overview.Core?.Used);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1691591363), overview.Core?.ResetAt);
        Assert.Equal(18, overview.Resources["search"].Remaining);
        Assert.Equal(1372700873, overview.Rate?.Reset);
    }

    [Fact]
    public void Models_round_trip_with_github_snake_case_names()
    {
        var run = JsonSerializer.Deserialize(Samples.Rest("get-workflow-run.json"), Json.WorkflowRun)!;

        var json = JsonSerializer.Serialize(run, Json.WorkflowRun);

        Assert.Contains("\"display_title\":\"Update README.md\"", json, StringComparison.Ordinal);
        Assert.Contains("\"run_started_at\":", json, StringComparison.Ordinal);
        var none = Array.Empty<PullRequestRef>();
        Assert.Equal(run with { PullRequests = none }, JsonSerializer.Deserialize(json, Json.WorkflowRun)! with { PullRequests = none });
    }
}
