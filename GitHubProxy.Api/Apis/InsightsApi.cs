using GitHubProxy.Api.Model;
using GitHubProxy.Api.Services;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GitHubProxy.Api.Apis;

/// <summary>
/// <c>/api/repos/{owner}/{repo}/workflows/{workflowId}/insights</c>, <c>/api/repos/{owner}/{repo}/commits</c> and
/// <c>/api/insights</c>: figures computed from the read model in SQL, at no GitHub cost (apart from the access list, which is cached).
/// </summary>
public static class InsightsApi
{
    public const int DefaultDays = 14;
    public const int MaxDays = 30;
    public const int MaxFailingRuns = 500;
    public const int DefaultCommits = 20;
    public const int MaxCommits = 100;
    private const int MaxBranchLength = 255;

    public static RouteGroupBuilder MapInsightsApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess().WithTags("Insights")
            .MapGet("/workflows/{workflowId:long}/insights", GetWorkflowInsightsAsync).WithName("GetWorkflowInsights")
            .WithSummary("One workflow's success rate, durations, queue times, daily series, slowest jobs and current failure streak, from the read model.");
        api.MapGroup("/repos/{owner}/{repo}").RequireRepositoryAccess().WithTags("Insights")
            .MapGet("/commits", GetCommitGridAsync).WithName("GetCommitGrid")
            .WithSummary("The branch's latest commits with the latest run of each workflow on each (a commit × workflow grid), from the read model.");
        api.MapGet("/insights/failing-since", GetFailingSinceAsync).WithName("GetFailingSince").WithTags("Insights")
            .WithSummary("For failed runs (the dashboard's red rows), the oldest run of the failure streak each one ends on its workflow and branch, from the read model.");
        api.MapGet("/insights", GetInsightsAsync).WithName("GetInsights").WithTags("Insights")
            .WithSummary("Flaky jobs, failing and slowest workflows and queue time per runner label across the selected repositories, from the read model.");
        return api;
    }

    public static async Task<Results<Ok<WorkflowInsights>, ValidationProblem>> GetWorkflowInsightsAsync(
        [AsParameters] RequestedRepository repository, long workflowId, int? days, string? branch, [AsParameters] InsightsServices services,
        CancellationToken cancellationToken)
    {
        var errors = ValidateDays(days);
        if (workflowId < 1)
        {
            errors["workflowId"] = ["workflowId must be a positive number."];
        }

        branch = string.IsNullOrWhiteSpace(branch) ? null : branch.Trim();
        if (ValidateBranch(branch) is { } branchError)
        {
            errors["branch"] = [branchError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid insights parameters");
        }

        return TypedResults.Ok(await services.Store.GetWorkflowInsightsAsync(
            repository.View, workflowId, branch, days ?? DefaultDays, services.Time.GetUtcNow(), cancellationToken));
    }

    /// <summary>The branch defaults to the repository's default branch (as the user's access list has it now).</summary>
    public static async Task<Results<Ok<CommitGrid>, ValidationProblem>> GetCommitGridAsync(
        [AsParameters] RequestedRepository repository, string? branch, int? limit, [AsParameters] InsightsServices services,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxCommits)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxCommits}."];
        }

        branch = string.IsNullOrWhiteSpace(branch) ? null : branch.Trim();
        if (ValidateBranch(branch) is { } branchError)
        {
            errors["branch"] = [branchError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid commit grid parameters");
        }

        var view = repository.View;
        return TypedResults.Ok(await services.Store.GetCommitGridAsync(
            view, branch ?? view.DefaultBranch, limit ?? DefaultCommits, services.Time.GetUtcNow(), cancellationToken));
    }

    /// <summary>Only runs of repositories on the user's access list are answered; others are left out as if they had not failed.</summary>
    public static async Task<Results<Ok<FailingRunsResponse>, ValidationProblem>> GetFailingSinceAsync(
        CurrentUser user, long[]? runIds, [AsParameters] InsightsServices services, CancellationToken cancellationToken)
    {
        var ids = (runIds ?? []).Distinct().ToArray();
        if (ids.Length > MaxFailingRuns)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["runIds"] = [$"Ask about at most {MaxFailingRuns} runs at once."] }, title: "Invalid runIds");
        }

        if (ids.Length == 0)
        {
            return TypedResults.Ok(new FailingRunsResponse([]));
        }

        var reachable = (await services.AccessLists.GetAsync(user, cancellationToken)).Value.Select(r => r.Id).ToArray();
        return TypedResults.Ok(await services.Store.GetFailingSinceAsync(ids, reachable, cancellationToken));
    }

    /// <summary>Across the user's selected repositories that are still on their access list, by the ids the list has for them now;
    /// a recent answer for the same repositories is served again (<see cref="InsightsCache"/>).</summary>
    public static async Task<Results<Ok<InsightsResponse>, ValidationProblem>> GetInsightsAsync(
        CurrentUser user, int? days, [AsParameters] InsightsServices services, CancellationToken cancellationToken)
    {
        var errors = ValidateDays(days);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid insights parameters");
        }

        var settings = await services.Settings.GetAsync(user.UserId, cancellationToken);
        RepositoryView[] repositories = [];
        if (DashboardBuilder.HasAny(settings))
        {
            var reachable = (await services.AccessLists.GetAsync(user, cancellationToken)).Value;
            repositories = [.. FollowedRepositories.Resolve(settings, reachable).Select(r => r.Repository)];
        }

        var window = days ?? DefaultDays;
        var store = services.Store;
        var now = services.Time.GetUtcNow();
        return TypedResults.Ok(await services.Cache.GetOrComputeAsync(user.UserId, window, repositories,
            () => store.GetInsightsAsync(repositories, window, now, cancellationToken)));
    }

    /// <summary>Git refuses control characters in a ref name, and PostgreSQL text cannot hold a NUL: never a query, a 400.</summary>
    private static string? ValidateBranch(string? branch) =>
        branch is null ? null
        : branch.Length > MaxBranchLength ? $"A branch name has at most {MaxBranchLength} characters."
        : branch.Any(char.IsControl) ? "A branch name has no control characters."
        : null;

    private static Dictionary<string, string[]> ValidateDays(int? days) =>
        days is < 1 or > MaxDays
            ? new() { ["days"] = [$"days must be between 1 and {MaxDays} (the read model keeps {MaxDays} days)."] }
            : [];
}
