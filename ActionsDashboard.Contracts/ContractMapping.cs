using ActionsDashboard.GitHub.Models;
using ActionsDashboard.IntegrationEvents;

namespace ActionsDashboard.Contracts;

/// <summary>
/// The one way from GitHub's runs and jobs to what the browser sees. A run or job (a REST answer or a webhook's
/// object: GitHub uses one shape for both) is normalised once, into a <see cref="WorkflowRunChanged"/> or
/// <see cref="WorkflowJobChanged"/> (never an empty name or status, an attempt of at least 1); <see cref="ToRun(WorkflowRunChanged)"/> and
/// <see cref="ToJob(WorkflowJobChanged)"/> turn that into the browser's <see cref="Run"/> and <see cref="Job"/> field by field. Webhooks.Api
/// publishes the events, Realtime.Hub sends <see cref="ToRun(WorkflowRunChanged)"/>'s answer live, GitHubProxy.Api stores and serves it,
/// and maps its REST answers through the same two steps, so a run looks the same live and after a reload.
/// </summary>
public static class ContractMapping
{
    /// <summary>A run, normalised: the event Webhooks.Api publishes for a <c>workflow_run</c> delivery.</summary>
    /// <param name="workflowName">The delivery's <c>workflow.name</c> (REST answers have none): the name when the run's is empty.</param>
    public static WorkflowRunChanged ToEvent(this WorkflowRun run, RepositoryReference repository, string? workflowName = null,
        string action = "", string deliveryId = "", long? installationId = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new WorkflowRunChanged
        {
            DeliveryId = deliveryId,
            Action = action,
            Repository = repository,
            InstallationId = installationId,
            RunId = run.Id,
            RunAttempt = Math.Max(1, run.RunAttempt),
            RunNumber = run.RunNumber,
            WorkflowId = run.WorkflowId,
            Name = run.GetDisplayName(workflowName),
            WorkflowName = string.IsNullOrWhiteSpace(workflowName) ? null : workflowName,
            DisplayTitle = run.DisplayTitle,
            WorkflowPath = run.Path,
            Event = run.Event,
            HeadBranch = run.HeadBranch,
            HeadSha = run.HeadSha,
            CommitMessage = run.HeadCommit?.Message,
            Actor = run.Actor?.Login is { Length: > 0 } login ? login : null,
            ActorAvatarUrl = run.Actor?.Login is { Length: > 0 } ? run.Actor.AvatarUrl : null,
            TriggeringActor = run.TriggeringActor?.Login,
            Status = WorkflowStatus.Normalize(run.Status, run.Conclusion),
            Conclusion = run.Conclusion,
            CreatedAt = run.CreatedAt,
            StartedAt = run.RunStartedAt,
            UpdatedAt = run.UpdatedAt,
            HtmlUrl = run.HtmlUrl,
            PullRequestNumbers = run.PullRequestNumbers,
        };
    }

    /// <summary>A job, normalised: the event Webhooks.Api publishes for a <c>workflow_job</c> delivery.</summary>
    public static WorkflowJobChanged ToEvent(this WorkflowJob job, RepositoryReference repository, string action = "", string deliveryId = "",
        long? installationId = null, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new WorkflowJobChanged
        {
            DeliveryId = deliveryId,
            Action = action,
            Repository = repository,
            InstallationId = installationId,
            JobId = job.Id,
            RunId = job.RunId,
            RunAttempt = Math.Max(1, job.RunAttempt ?? 1),
            Name = job.Name,
            WorkflowName = job.WorkflowName,
            HeadBranch = job.HeadBranch,
            HeadSha = job.HeadSha,
            Status = WorkflowStatus.Normalize(job.Status, job.Conclusion),
            Conclusion = job.Conclusion,
            QueuedAt = job.CreatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
            RunnerName = job.RunnerName,
            RunnerGroupName = job.RunnerGroupName,
            Labels = job.Labels,
            Steps = [.. job.Steps.Select(step => new WorkflowJobStep(step.Name, WorkflowStatus.Normalize(step.Status, step.Conclusion),
                step.Conclusion, step.Number, step.StartedAt, step.CompletedAt))],
            HtmlUrl = job.HtmlUrl,
            Environment = environment,
        };
    }

    public static Run ToRun(this WorkflowRunChanged run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Run
        {
            Id = run.RunId,
            Repository = run.Repository.FullName,
            RunNumber = run.RunNumber,
            RunAttempt = run.RunAttempt,
            WorkflowId = run.WorkflowId,
            WorkflowName = run.Name,
            DisplayTitle = run.DisplayTitle,
            Event = run.Event,
            Branch = run.HeadBranch,
            HeadSha = run.HeadSha,
            CommitMessage = run.CommitMessage,
            Actor = run.Actor is { Length: > 0 } login ? new Actor(login, run.ActorAvatarUrl) : null,
            Status = run.Status ?? WorkflowStatus.Queued,
            Conclusion = run.Conclusion,
            CreatedAt = run.CreatedAt.ToUniversalTime(),
            StartedAt = run.StartedAt?.ToUniversalTime(),
            UpdatedAt = run.UpdatedAt.ToUniversalTime(),
            HtmlUrl = run.HtmlUrl ?? "",
            PullRequests = run.PullRequestNumbers,
        };
    }

    public static Job ToJob(this WorkflowJobChanged job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new Job
        {
            Id = job.JobId,
            RunId = job.RunId,
            RunAttempt = job.RunAttempt ?? 1,
            Name = job.Name,
            Status = job.Status ?? WorkflowStatus.Queued,
            Conclusion = job.Conclusion,
            CreatedAt = job.QueuedAt?.ToUniversalTime(),
            StartedAt = job.StartedAt?.ToUniversalTime(),
            CompletedAt = job.CompletedAt?.ToUniversalTime(),
            RunnerName = job.RunnerName,
            Labels = job.Labels,
            HtmlUrl = job.HtmlUrl,
            Steps = [.. job.Steps.Select(step => new Step(step.Number, step.Name, step.Status ?? WorkflowStatus.Queued, step.Conclusion,
                step.StartedAt?.ToUniversalTime(), step.CompletedAt?.ToUniversalTime()))],
        };
    }

    /// <summary>A REST answer's run, through the same normalisation and mapping as a webhook's.</summary>
    /// <param name="repository"><c>owner/name</c> the run was asked for (the answer's own repository wins when it has one).</param>
    public static Run ToRun(this WorkflowRun run, string repository)
    {
        ArgumentNullException.ThrowIfNull(run);
        var fullName = run.Repository?.FullName is { Length: > 0 } own ? own : repository;
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        var reference = new RepositoryReference(run.Repository?.Id ?? 0, fullName, slash < 0 ? "" : fullName[..slash], fullName[(slash + 1)..]);
        return run.ToEvent(reference).ToRun();
    }

    /// <summary>A REST answer's job, through the same normalisation and mapping as a webhook's.</summary>
    public static Job ToJob(this WorkflowJob job) => job.ToEvent(new RepositoryReference(0, "", "", "")).ToJob();
}
