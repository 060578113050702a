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
        var repository = api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess();
        repository.MapGet("/runs", ListRunsAsync).WithName("ListRuns");
        repository.MapGet("/runs/{id:long}", GetRunAsync).WithName("GetRun");
        repository.MapGet("/runs/{id:long}/jobs", ListJobsAsync).WithName("ListJobs");
        repository.MapGet("/workflows", ListWorkflowsAsync).WithName("ListWorkflows");
        repository.MapPost("/runs/{id:long}/rerun", RerunAsync).WithName("RerunRun");
        repository.MapPost("/runs/{id:long}/rerun-failed-jobs", RerunFailedJobsAsync).WithName("RerunFailedJobs");
        repository.MapPost("/runs/{id:long}/cancel", CancelAsync).WithName("CancelRun");
        repository.MapPost("/jobs/{jobId:long}/rerun", RerunJobAsync).WithName("RerunJob");
        return api;
    }

    public static async Task<Results<Ok<RunsResponse>, ValidationProblem>> ListRunsAsync(
        HttpContext context, GitHubData gitHub, string owner, string repo,
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
        var runs = await gitHub.GetRunsAsync(CurrentUser.From(context), RepositoryRoute.Current(context), filter, cancellationToken);
        return TypedResults.Ok(new RunsResponse(runs.Value.Runs, runs.Value.TotalCount, filter.Page, filter.PerPage, runs.Stale, runs.FetchedAt));
    }

    /// <summary>From the read model when webhooks keep the repository current and the run is not overdue for a re-check;
    /// otherwise from GitHub through the cache.</summary>
    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRunAsync(
        HttpContext context, GitHubData gitHub, ReadModelStore readModel, DashboardBuilder coverage, TimeProvider time,
        Microsoft.Extensions.Options.IOptionsMonitor<GitHubProxyOptions> options,
        string owner, string repo, long id, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(context);
        var repository = RepositoryRoute.Current(context);
        var row = await readModel.FindRunAsync(repository.FullName.ToLowerInvariant(), id, cancellationToken);
        if (row is not null && (row.Status == "completed" || row.RecordedAt > time.GetUtcNow() - options.CurrentValue.ReconcileAfter)
            && await coverage.IsCoveredAsync(user, repository, cancellationToken))
        {
            return TypedResults.Ok(new RunResponse(row.ToView(), false, row.RecordedAt));
        }

        try
        {
            var run = await gitHub.GetRunAsync(user, repository, id, cancellationToken);
            return TypedResults.Ok(new RunResponse(run.Value, run.Stale, run.FetchedAt));
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return Problems.NotFound("Run");
        }
    }

    public static async Task<Results<Ok<JobsResponse>, ProblemHttpResult>> ListJobsAsync(
        HttpContext context, GitHubData gitHub, string owner, string repo, long id, CancellationToken cancellationToken)
    {
        try
        {
            var jobs = await gitHub.GetJobsAsync(CurrentUser.From(context), RepositoryRoute.Current(context), id, cancellationToken);
            return TypedResults.Ok(new JobsResponse(jobs.Value, jobs.Stale, jobs.FetchedAt));
        }
        catch (GitHubApiException exception) when (exception.Kind == GitHubErrorKind.NotFound)
        {
            return Problems.NotFound("Run");
        }
    }

    public static async Task<Ok<WorkflowsResponse>> ListWorkflowsAsync(
        HttpContext context, GitHubData gitHub, string owner, string repo, CancellationToken cancellationToken)
    {
        var workflows = await gitHub.GetWorkflowsAsync(CurrentUser.From(context), RepositoryRoute.Current(context), cancellationToken);
        return TypedResults.Ok(new WorkflowsResponse(workflows.Value, workflows.Stale, workflows.FetchedAt));
    }

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunAsync(
        HttpContext context, GitHubRestClient client, GitHubData gitHub, string owner, string repo, long id, CancellationToken cancellationToken) =>
        WriteAsync(context, gitHub, id, "re-run",
            (r, request, ct) => client.RerunWorkflowRunAsync(r.Owner, r.Name, id, request: request, cancellationToken: ct), cancellationToken);

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunFailedJobsAsync(
        HttpContext context, GitHubRestClient client, GitHubData gitHub, string owner, string repo, long id, CancellationToken cancellationToken) =>
        WriteAsync(context, gitHub, id, "re-run",
            (r, request, ct) => client.RerunFailedJobsAsync(r.Owner, r.Name, id, request: request, cancellationToken: ct), cancellationToken);

    public static Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> CancelAsync(
        HttpContext context, GitHubRestClient client, GitHubData gitHub, string owner, string repo, long id, CancellationToken cancellationToken) =>
        WriteAsync(context, gitHub, id, "cancelled",
            (r, request, ct) => client.CancelWorkflowRunAsync(r.Owner, r.Name, id, request, ct), cancellationToken);

    public static async Task<Results<Accepted<ActionAccepted>, ProblemHttpResult>> RerunJobAsync(
        HttpContext context, GitHubRestClient client, GitHubData gitHub, ReadModelStore readModel, string owner, string repo, long jobId,
        CancellationToken cancellationToken)
    {
        var result = await WriteAsync(context, gitHub, null, "re-run",
            (r, request, ct) => client.RerunJobAsync(r.Owner, r.Name, jobId, request: request, cancellationToken: ct), cancellationToken);
        if (result.Result is Accepted<ActionAccepted>)
        {
            // The job's run changes too: drop the run's and its jobs' cache entries, as for a run's re-run.
            var user = CurrentUser.From(context);
            var repository = RepositoryRoute.Current(context);
            try
            {
                var runId = await readModel.FindRunIdOfJobAsync(repository.FullName.ToLowerInvariant(), jobId, cancellationToken)
                    ?? await gitHub.GetRunIdOfJobAsync(user, repository, jobId, cancellationToken);
                if (runId is { } id)
                {
                    await gitHub.ForgetRunAsync(user, repository, id);
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
        HttpContext context, GitHubData gitHub, long? runId, string action,
        Func<RepositoryView, GitHubRequestOptions, CancellationToken, Task<GitHubResponse>> call, CancellationToken cancellationToken)
    {
        var user = CurrentUser.From(context);
        var repository = RepositoryRoute.Current(context);
        var budget = context.RequestServices.GetRequiredService<RateLimitBudget>();
        try
        {
            var response = await call(repository, await gitHub.RequestAsync(user, null, cancellationToken), cancellationToken);
            await budget.RecordAsync(user.UserId, response.RateLimit);
        }
        catch (GitHubApiException exception)
        {
            if (exception.IsRateLimit)
            {
                await budget.BlockAsync(user.UserId, exception.RetryAfter, exception.RateLimit);
                var time = context.RequestServices.GetRequiredService<TimeProvider>();
                Problems.SetRetryAfter(context.Response, exception.RetryAfter ?? exception.RateLimit?.Reset - time.GetUtcNow() ?? TimeSpan.FromMinutes(1));
            }
            else
            {
                await budget.RecordAsync(user.UserId, exception.RateLimit);
            }

            return Problems.ForWrite(exception, action, repository);
        }

        if (runId is { } id)
        {
            await gitHub.ForgetRunAsync(user, repository, id);
        }

        return TypedResults.Accepted((string?)null, ActionAccepted.Requested);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
