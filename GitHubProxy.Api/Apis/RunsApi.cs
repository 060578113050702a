using System.Text.Json;
using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GitHubProxy.Api.Apis;

/// <summary><c>/api/repos/{owner}/{repo}/**</c>: runs, jobs, workflows, and re-run / cancel with the user's own token.</summary>
public static class RunsApi
{
    private static readonly HashSet<string> RunStatuses =
    [
        "completed", "action_required", "cancelled", "failure", "neutral", "skipped", "stale", "success", "timed_out",
        "in_progress", "queued", "requested", "waiting", "pending",
    ];

    public static RouteGroupBuilder MapRunsApi(this RouteGroupBuilder api)
    {
        var repository = api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess().WithTags("Runs");
        repository.MapGet("/runs", ListRunsAsync).WithName("ListRuns")
            .WithSummary("A page of the repository's workflow runs, newest first, optionally filtered.");
        repository.MapGet("/runs/{id:long:min(1)}", GetRunAsync).WithName("GetRun")
            .WithSummary("One workflow run: from the read model while webhooks keep it current, otherwise from GitHub.");
        repository.MapGet("/runs/{id:long:min(1)}/jobs", ListJobsAsync).WithName("ListJobs")
            .WithSummary("The jobs of a workflow run, with their steps.");
        repository.MapGet("/workflows", ListWorkflowsAsync).WithName("ListWorkflows")
            .WithSummary("The repository's workflows.");
        repository.MapPost("/runs/{id:long:min(1)}/rerun", RerunAsync).WithName("RerunRun")
            .WithSummary("Asks GitHub, with the user's own token, to re-run every job of a workflow run.");
        repository.MapPost("/runs/{id:long:min(1)}/rerun-failed-jobs", RerunFailedJobsAsync).WithName("RerunFailedJobs")
            .WithSummary("Asks GitHub, with the user's own token, to re-run the failed jobs of a workflow run.");
        repository.MapPost("/runs/{id:long:min(1)}/cancel", CancelAsync).WithName("CancelRun")
            .WithSummary("Asks GitHub, with the user's own token, to cancel a workflow run.");
        repository.MapPost("/jobs/{jobId:long:min(1)}/rerun", RerunJobAsync).WithName("RerunJob")
            .WithSummary("Asks GitHub, with the user's own token, to re-run one job.");
        return api;
    }

    public static async Task<Results<Ok<RunsResponse>, ValidationProblem>> ListRunsAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, GitHubData gitHub,
        string? branch, string? status, [FromQuery(Name = "event")] string? @event, string? actor, long? workflowId, int? page, int? perPage,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["Pages are numbered from 1."];
        }

        if (perPage is < 1 or > PageRequest.MaxPerPage)
        {
            errors["perPage"] = [$"perPage must be between 1 and {PageRequest.MaxPerPage}."];
        }

        if (status is { Length: > 0 } && !RunStatuses.Contains(status))
        {
            errors["status"] = [$"'{status}' is not a run status or conclusion GitHub knows."];
        }

        if (workflowId is < 1)
        {
            errors["workflowId"] = ["workflowId must be a positive number."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid run filters");
        }

        var filter = new RunsFilter(Blank(branch), Blank(status), Blank(@event), Blank(actor), workflowId, page ?? 1, perPage ?? 30);
        var runs = await gitHub.GetRunsAsync(user, repository.View, filter, cancellationToken);
        return TypedResults.Ok(new RunsResponse(runs.Value.Runs, runs.Value.TotalCount, filter.Page, filter.PerPage, runs.Stale, runs.FetchedAt));
    }

    /// <summary>From the read model when webhooks keep the repository current and the run is not overdue for a re-check;
    /// otherwise from GitHub through the cache. The read model is asked by the repository id the user's access list has for
    /// the name now, so a run of an earlier repository of that name is never served.</summary>
    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRunAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, [AsParameters] RunsServices services, CancellationToken cancellationToken)
    {
        var view = repository.View;
        var row = await services.ReadModel.FindRunAsync(view.Id, id, cancellationToken);
        if (row is not null && (row.Status == "completed" || row.RecordedAt > services.Time.GetUtcNow() - services.Options.CurrentValue.ReconcileAfter)
            && await services.Coverage.IsCoveredAsync(user, view, cancellationToken))
        {
            return TypedResults.Ok(new RunResponse(row.ToView(view.FullName), false, row.RecordedAt));
        }

        try
        {
            var run = await services.GitHub.GetRunAsync(user, view, id, cancellationToken);
            return TypedResults.Ok(new RunResponse(run.Value, run.Stale, run.FetchedAt));
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return Problems.NotFound("Run");
        }
    }

    public static async Task<Results<Ok<JobsResponse>, ProblemHttpResult>> ListJobsAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, GitHubData gitHub, CancellationToken cancellationToken)
    {
        try
        {
            var jobs = await gitHub.GetJobsAsync(user, repository.View, id, cancellationToken);
            return TypedResults.Ok(new JobsResponse(jobs.Value, jobs.Stale, jobs.FetchedAt));
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return Problems.NotFound("Run");
        }
    }

    public static async Task<Ok<WorkflowsResponse>> ListWorkflowsAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, GitHubData gitHub, CancellationToken cancellationToken)
    {
        var workflows = await gitHub.GetWorkflowsAsync(user, repository.View, cancellationToken);
        return TypedResults.Ok(new WorkflowsResponse(workflows.Value, workflows.Stale, workflows.FetchedAt));
    }

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, GitHubRestClient client, [AsParameters] RunsServices services,
        HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(user, repository.View, id, "re-run", services, response,
            (r, request, ct) => client.RerunWorkflowRunAsync(r.Owner, r.Name, id, request: request, cancellationToken: ct), cancellationToken);

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunFailedJobsAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, GitHubRestClient client, [AsParameters] RunsServices services,
        HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(user, repository.View, id, "re-run", services, response,
            (r, request, ct) => client.RerunFailedJobsAsync(r.Owner, r.Name, id, request: request, cancellationToken: ct), cancellationToken);

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> CancelAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long id, GitHubRestClient client, [AsParameters] RunsServices services,
        HttpResponse response, CancellationToken cancellationToken) =>
        WriteAsync(user, repository.View, id, "cancelled", services, response,
            (r, request, ct) => client.CancelWorkflowRunAsync(r.Owner, r.Name, id, request, ct), cancellationToken);

    public static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunJobAsync(
        CurrentUser user, [AsParameters] RequestedRepository repository, long jobId, GitHubRestClient client, [AsParameters] RunsServices services,
        HttpResponse response, CancellationToken cancellationToken)
    {
        var view = repository.View;
        var result = await WriteAsync(user, view, null, "re-run", services, response,
            (r, request, ct) => client.RerunJobAsync(r.Owner, r.Name, jobId, request: request, cancellationToken: ct), cancellationToken);
        if (result.Result is Accepted<ActionAccepted>)
        {
            // The job's run changes too: drop the run's and its jobs' cache entries, as for a run's re-run.
            try
            {
                var runId = await services.ReadModel.FindRunIdOfJobAsync(view.Id, jobId, cancellationToken)
                    ?? await services.GitHub.GetRunIdOfJobAsync(user, view, jobId, cancellationToken);
                if (runId is { } id)
                {
                    await services.GitHub.ForgetRunAsync(user, view, id);
                }
            }
            catch (Exception exception) when (GitHubResponseCache.IsGitHubFailure(exception) || exception is JsonException)
            {
                // The re-run was accepted; the cached run only lives out its freshness (seconds).
            }
        }

        return result;
    }

    private static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> WriteAsync(
        CurrentUser user, RepositoryView repository, long? runId, string action, RunsServices services, HttpResponse response,
        Func<RepositoryView, GitHubRequestOptions, CancellationToken, Task<GitHubResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await call(repository, await services.GitHub.RequestAsync(user, null, cancellationToken), cancellationToken);
            await services.Budget.RecordAsync(user.UserId, answer.RateLimit);
        }
        catch (GitHubApiException exception)
        {
            if (exception.IsRateLimit)
            {
                await services.Budget.BlockAsync(user.UserId, exception.RetryAfter, exception.RateLimit);
                Problems.SetRetryAfter(response,
                    exception.RetryAfter ?? exception.RateLimit?.Reset - services.Time.GetUtcNow() ?? TimeSpan.FromMinutes(1));
            }
            else
            {
                await services.Budget.RecordAsync(user.UserId, exception.RateLimit);
            }

            return Problems.ForWrite(exception, action, repository);
        }

        if (runId is { } id)
        {
            await services.GitHub.ForgetRunAsync(user, repository, id);
        }

        return TypedResults.Accepted((string?)null, ActionAccepted.Requested);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
