using ActionsDashboard.Contracts;
using ActionsDashboard.IntegrationEvents;

namespace Realtime.Hub.IntegrationEvents;

/// <summary>Integration events → the compact messages of docs/contracts.md.</summary>
public static class LiveMessageMapper
{
    // Runs and jobs through the mapping GitHubProxy.Api's REST answers and read model use too (ActionsDashboard.Contracts).
    public static RunMessage ToMessage(this WorkflowRunChanged run, string eventId) => new(eventId, run.Repository.FullName, run.ToRun());

    public static JobMessage ToMessage(this WorkflowJobChanged job, string eventId) => new(eventId, job.Repository.FullName, job.ToJob());

    public static PushMessage ToMessage(this PushReceived push, string eventId) => new(
        eventId, push.Repository.FullName, push.Branch, push.HeadCommitId ?? push.After, push.HeadCommitMessage, push.Pusher ?? push.Sender, push.CompareUrl);

    public static PullRequestMessage ToMessage(this PullRequestChanged pullRequest, string eventId) => new(
        eventId, pullRequest.Repository.FullName, pullRequest.Number, pullRequest.Action, pullRequest.Title, pullRequest.State,
        pullRequest.HeadRef, pullRequest.Author, pullRequest.HtmlUrl);
}
