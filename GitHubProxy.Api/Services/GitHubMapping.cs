using ActionsDashboard.GitHub.Models;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>GitHub's shapes (REST and webhook events) into the contract's.</summary>
public static class GitHubMapping
{
    public static RunView ToView(this WorkflowRun run, string repository) => new()
    {
        Id = run.Id,
        Repository = run.Repository?.FullName is { Length: > 0 } fullName ? fullName : repository,
        RunNumber = run.RunNumber,
        RunAttempt = Math.Max(1, run.RunAttempt),
        WorkflowId = run.WorkflowId,
        WorkflowName = run.GetDisplayName(),
        DisplayTitle = run.DisplayTitle,
        Event = run.Event,
        Branch = run.HeadBranch,
        HeadSha = run.HeadSha,
        CommitMessage = run.HeadCommit?.Message,
        Actor = run.Actor is { } actor ? new ActorView(actor.Login, actor.AvatarUrl) : null,
        Status = run.Status ?? "queued",
        Conclusion = run.Conclusion,
        CreatedAt = run.CreatedAt,
        StartedAt = run.RunStartedAt,
        UpdatedAt = run.UpdatedAt,
        HtmlUrl = run.HtmlUrl ?? "",
        PullRequests = run.PullRequestNumbers,
    };

    public static JobView ToView(this WorkflowJob job) => new()
    {
        Id = job.Id,
        RunId = job.RunId,
        RunAttempt = job.RunAttempt ?? 1,
        Name = job.Name,
        Status = job.Status ?? "queued",
        Conclusion = job.Conclusion,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        RunnerName = job.RunnerName,
        Labels = job.Labels,
        HtmlUrl = job.HtmlUrl,
        Steps = job.Steps.Select(s => new StepView(s.Number, s.Name, s.Status ?? "queued", s.Conclusion, s.StartedAt, s.CompletedAt)).ToArray(),
    };

    public static RepositoryView ToView(this Repository repository)
    {
        var owner = repository.Owner?.Login ?? repository.FullName.Split('/')[0];
        var canWrite = repository.Permissions is { } p && (p.Push || p.Admin || p.Maintain == true);
        return new RepositoryView
        {
            Id = repository.Id,
            Owner = owner,
            Name = repository.Name,
            FullName = repository.FullName,
            Private = repository.Private,
            DefaultBranch = repository.DefaultBranch ?? "main",
            HtmlUrl = repository.HtmlUrl ?? "",
            OwnerAvatarUrl = repository.Owner?.AvatarUrl,
            OwnerType = repository.Owner?.Type == "Organization" ? "Organization" : "User",
            CanRerun = canWrite,
            CanCancel = canWrite,
        };
    }

    public static WorkflowView ToView(this Workflow workflow) => new(workflow.Id, workflow.Name, workflow.Path, workflow.State, workflow.HtmlUrl);

    public static RunView ToView(this WorkflowRunRecord run) => new()
    {
        Id = run.Id,
        Repository = run.Repository,
        RunNumber = run.RunNumber,
        RunAttempt = run.RunAttempt,
        WorkflowId = run.WorkflowId,
        WorkflowName = run.WorkflowName,
        DisplayTitle = run.DisplayTitle,
        Event = run.Event,
        Branch = run.Branch,
        HeadSha = run.HeadSha,
        CommitMessage = run.CommitMessage,
        Actor = run.ActorLogin is { } login ? new ActorView(login, run.ActorAvatarUrl) : null,
        Status = run.Status,
        Conclusion = run.Conclusion,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        HtmlUrl = run.HtmlUrl,
        PullRequests = run.PullRequests,
    };

    public static WorkflowRunRecord ToRecord(this RunView run, DateTimeOffset recordedAt) => new()
    {
        Id = run.Id,
        RepositoryKey = run.Repository.ToLowerInvariant(),
        Repository = run.Repository,
        RunNumber = run.RunNumber,
        RunAttempt = run.RunAttempt,
        WorkflowId = run.WorkflowId,
        WorkflowName = run.WorkflowName,
        DisplayTitle = run.DisplayTitle,
        Event = run.Event,
        Branch = run.Branch,
        HeadSha = run.HeadSha,
        CommitMessage = run.CommitMessage,
        ActorLogin = run.Actor?.Login,
        ActorAvatarUrl = run.Actor?.AvatarUrl,
        Status = run.Status,
        Conclusion = run.Conclusion,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        HtmlUrl = run.HtmlUrl,
        PullRequests = run.PullRequests.ToArray(),
        RecordedAt = recordedAt,
    };

    public static WorkflowRunRecord ToRecord(this WorkflowRunChanged run, DateTimeOffset recordedAt) => new()
    {
        Id = run.RunId,
        RepositoryKey = run.Repository.FullName.ToLowerInvariant(),
        Repository = run.Repository.FullName,
        RunNumber = run.RunNumber,
        RunAttempt = Math.Max(1, run.RunAttempt),
        WorkflowId = run.WorkflowId,
        WorkflowName = FirstNonEmpty(run.Name, run.WorkflowName, run.DisplayTitle) ?? $"Run #{run.RunNumber}",
        DisplayTitle = run.DisplayTitle,
        Event = run.Event,
        Branch = run.HeadBranch,
        HeadSha = run.HeadSha,
        CommitMessage = run.CommitMessage,
        ActorLogin = run.Actor,
        ActorAvatarUrl = null,
        Status = run.Status ?? run.Action,
        Conclusion = run.Conclusion,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        HtmlUrl = run.HtmlUrl ?? "",
        PullRequests = run.PullRequestNumbers.ToArray(),
        InstallationId = run.InstallationId,
        RecordedAt = recordedAt,
    };

    public static WorkflowJobRecord ToRecord(this WorkflowJobChanged job, DateTimeOffset recordedAt) => new()
    {
        Id = job.JobId,
        RunId = job.RunId,
        RepositoryKey = job.Repository.FullName.ToLowerInvariant(),
        RunAttempt = job.RunAttempt ?? 1,
        Name = job.Name,
        Status = job.Status ?? job.Action,
        Conclusion = job.Conclusion,
        CreatedAt = job.QueuedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        RunnerName = job.RunnerName,
        Labels = job.Labels.ToList(),
        HtmlUrl = job.HtmlUrl,
        Steps = job.Steps.Select(s => new StepView(s.Number, s.Name, s.Status ?? "queued", s.Conclusion, s.StartedAt, s.CompletedAt)).ToList(),
        RecordedAt = recordedAt,
    };

    public static JobView ToView(this WorkflowJobRecord job) => new()
    {
        Id = job.Id,
        RunId = job.RunId,
        RunAttempt = job.RunAttempt,
        Name = job.Name,
        Status = job.Status,
        Conclusion = job.Conclusion,
        CreatedAt = job.CreatedAt,
        StartedAt = job.StartedAt,
        CompletedAt = job.CompletedAt,
        RunnerName = job.RunnerName,
        Labels = job.Labels,
        HtmlUrl = job.HtmlUrl,
        Steps = job.Steps,
    };

    /// <summary>The contract's order: <c>requested/queued/pending/waiting</c> &lt; <c>in_progress</c> &lt; <c>completed</c>.</summary>
    public static int StatusRank(string? status) => status switch
    {
        "completed" => 2,
        "in_progress" => 1,
        _ => 0,
    };

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
