using ActionsDashboard.GitHub.Models;
using ActionsDashboard.IntegrationEvents;
using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>GitHub's repositories and workflows into the contract's shapes, and runs and jobs to and from the read model.</summary>
public static class GitHubMapping
{
    // Runs and jobs: ActionsDashboard.Contracts' ToRun/ToJob, the mapping Realtime.Hub's live messages use too.

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

    /// <summary>A stored run as the browser sees it, under <paramref name="repository"/> (the name the user's access list has for
    /// the run's repository id now) when given: after a rename, history stored under the old name shows under the new one.</summary>
    public static Run ToView(this WorkflowRunRecord run, string? repository = null) => new()
    {
        Id = run.Id,
        Repository = repository ?? run.Repository,
        RunNumber = run.RunNumber,
        RunAttempt = run.RunAttempt,
        WorkflowId = run.WorkflowId,
        WorkflowName = run.WorkflowName,
        DisplayTitle = run.DisplayTitle,
        Event = run.Event,
        Branch = run.Branch,
        HeadSha = run.HeadSha,
        CommitMessage = run.CommitMessage,
        Actor = run.ActorLogin is { } login ? new Actor(login, run.ActorAvatarUrl) : null,
        Status = run.Status,
        Conclusion = run.Conclusion,
        CreatedAt = run.CreatedAt,
        StartedAt = run.StartedAt,
        UpdatedAt = run.UpdatedAt,
        HtmlUrl = run.HtmlUrl,
        PullRequests = run.PullRequests,
    };

    /// <summary>A run read from GitHub for the repository with GitHub's id <paramref name="repositoryId"/> (the contract's run
    /// carries only the name).</summary>
    public static WorkflowRunRecord ToRecord(this Run run, long repositoryId, DateTimeOffset recordedAt) => new()
    {
        Id = run.Id,
        RepositoryId = repositoryId,
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

    /// <summary>A run event as the read model keeps it: through <see cref="ContractMapping.ToRun(WorkflowRunChanged)"/>, so a reload
    /// shows what the live message showed.</summary>
    public static WorkflowRunRecord ToRecord(this WorkflowRunChanged run, DateTimeOffset recordedAt)
    {
        var record = run.ToRun().ToRecord(run.Repository.Id, recordedAt);
        record.InstallationId = run.InstallationId;
        return record;
    }

    public static WorkflowJobRecord ToRecord(this WorkflowJobChanged job, DateTimeOffset recordedAt)
    {
        var view = job.ToJob();
        return new WorkflowJobRecord
        {
            Id = view.Id,
            RunId = view.RunId,
            RepositoryId = job.Repository.Id,
            RunAttempt = view.RunAttempt,
            Name = view.Name,
            Status = view.Status,
            Conclusion = view.Conclusion,
            CreatedAt = view.CreatedAt,
            StartedAt = view.StartedAt,
            CompletedAt = view.CompletedAt,
            RunnerName = view.RunnerName,
            Labels = [.. view.Labels],
            HtmlUrl = view.HtmlUrl,
            Steps = [.. view.Steps],
            RecordedAt = recordedAt,
        };
    }

    public static Job ToView(this WorkflowJobRecord job) => new()
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

}
