using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

/// <summary>Integration events → the compact messages of docs/contracts.md.</summary>
public static class LiveMessageMapper
{
    public static RunMessage ToMessage(this WorkflowRunChanged run, string eventId) => new(eventId, run.Repository.FullName, new RunView(
        Id: run.RunId,
        Repository: run.Repository.FullName,
        RunNumber: run.RunNumber,
        RunAttempt: run.RunAttempt,
        WorkflowId: run.WorkflowId,
        // Name already falls back to the workflow's name, then the display title (GitHub sends empty run names).
        WorkflowName: FirstNonEmpty(run.Name, run.WorkflowName, run.DisplayTitle) ?? "",
        DisplayTitle: run.DisplayTitle,
        Event: run.Event,
        Branch: run.HeadBranch,
        HeadSha: run.HeadSha,
        CommitMessage: run.CommitMessage,
        Actor: run.Actor is { Length: > 0 } login ? new ActorView(login, null) : null,
        // action need not equal status; status is what the run is in now.
        Status: FirstNonEmpty(run.Status, run.Action) ?? "requested",
        Conclusion: run.Conclusion,
        CreatedAt: run.CreatedAt.UtcDateTime,
        StartedAt: run.StartedAt?.UtcDateTime,
        UpdatedAt: run.UpdatedAt.UtcDateTime,
        HtmlUrl: run.HtmlUrl ?? "",
        PullRequests: run.PullRequestNumbers));

    public static JobMessage ToMessage(this WorkflowJobChanged job, string eventId) => new(eventId, job.Repository.FullName, new JobView(
        Id: job.JobId,
        RunId: job.RunId,
        RunAttempt: job.RunAttempt ?? 1,
        Name: job.Name,
        Status: FirstNonEmpty(job.Status, job.Action) ?? "queued",
        Conclusion: job.Conclusion,
        CreatedAt: job.QueuedAt?.UtcDateTime,
        StartedAt: job.StartedAt?.UtcDateTime,
        CompletedAt: job.CompletedAt?.UtcDateTime,
        RunnerName: job.RunnerName,
        Labels: job.Labels,
        HtmlUrl: job.HtmlUrl,
        Steps: [.. job.Steps.Select(step => new StepView(step.Number, step.Name, step.Status ?? "", step.Conclusion,
            step.StartedAt?.UtcDateTime, step.CompletedAt?.UtcDateTime))]));

    public static PushMessage ToMessage(this PushReceived push, string eventId) => new(
        eventId, push.Repository.FullName, push.Branch, push.HeadCommitId ?? push.After, push.HeadCommitMessage, push.Pusher ?? push.Sender, push.CompareUrl);

    public static PullRequestMessage ToMessage(this PullRequestChanged pullRequest, string eventId) => new(
        eventId, pullRequest.Repository.FullName, pullRequest.Number, pullRequest.Action, pullRequest.Title, pullRequest.State,
        pullRequest.HeadRef, pullRequest.Author, pullRequest.HtmlUrl);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(value => !string.IsNullOrEmpty(value));
}
