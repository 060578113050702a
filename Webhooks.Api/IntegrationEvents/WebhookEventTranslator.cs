using ActionsDashboard.Contracts;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.GitHub.Models;
using ActionsDashboard.GitHub.Webhooks;
using ActionsDashboard.IntegrationEvents;

namespace Webhooks.Api.IntegrationEvents;

/// <summary>
/// Turns a parsed GitHub delivery into the normalised integration events this service publishes. Events the dashboard
/// does not use yield nothing.
/// </summary>
public static class WebhookEventTranslator
{
    /// <summary>Whether deliveries of <paramref name="eventName"/> yield integration events.</summary>
    public static bool IsUsed(string eventName) => eventName is WebhookEventNames.WorkflowRun or WebhookEventNames.WorkflowJob
        or WebhookEventNames.Push or WebhookEventNames.PullRequest or WebhookEventNames.Installation
        or WebhookEventNames.InstallationRepositories;

    /// <exception cref="WebhookPayloadException">A key the event needs is missing.</exception>
    public static IReadOnlyList<IntegrationEvent> Translate(WebhookEvent webhookEvent, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        return webhookEvent switch
        {
            WorkflowRunEvent run => [FromWorkflowRun(run, deliveryId)],
            WorkflowJobEvent job => [FromWorkflowJob(job, deliveryId)],
            PushEvent push => [FromPush(push, deliveryId)],
            PullRequestEvent pullRequest => [FromPullRequest(pullRequest, deliveryId)],
            InstallationEvent installation => [FromInstallation(installation, deliveryId)],
            InstallationRepositoriesEvent repositories => [FromInstallationRepositories(repositories, deliveryId)],
            _ => [],
        };
    }

    // Runs and jobs go through the one normalisation the browser's shapes are built from (ActionsDashboard.Contracts).
    private static WorkflowRunChanged FromWorkflowRun(WorkflowRunEvent delivery, string deliveryId) =>
        delivery.WorkflowRun.ToEvent(RepositoryOf(delivery, delivery.WorkflowRun.Repository), delivery.Workflow?.Name, delivery.Action ?? "",
            deliveryId, delivery.Installation?.Id);

    private static WorkflowJobChanged FromWorkflowJob(WorkflowJobEvent delivery, string deliveryId) =>
        delivery.WorkflowJob.ToEvent(RepositoryOf(delivery), delivery.Action ?? "", deliveryId, delivery.Installation?.Id,
            delivery.Deployment?.Environment);

    private static PushReceived FromPush(PushEvent delivery, string deliveryId) => new()
    {
        DeliveryId = deliveryId,
        Repository = RepositoryOf(delivery),
        InstallationId = delivery.Installation?.Id,
        Ref = delivery.Ref,
        Branch = delivery.BranchName,
        Tag = delivery.TagName,
        Before = delivery.Before,
        After = delivery.After,
        Created = delivery.Created,
        Deleted = delivery.Deleted,
        Forced = delivery.Forced,
        HeadCommitId = delivery.HeadCommit?.Id,
        HeadCommitMessage = delivery.HeadCommit?.Message,
        CommitCount = delivery.Commits.Count,
        Pusher = delivery.Pusher?.Name,
        Sender = delivery.Sender?.Login,
        CompareUrl = delivery.Compare,
    };

    private static PullRequestChanged FromPullRequest(PullRequestEvent delivery, string deliveryId)
    {
        var pullRequest = delivery.PullRequest;
        return new PullRequestChanged
        {
            DeliveryId = deliveryId,
            Action = delivery.Action ?? "",
            Repository = RepositoryOf(delivery),
            InstallationId = delivery.Installation?.Id,
            Number = delivery.Number != 0 ? delivery.Number : pullRequest.Number,
            Title = pullRequest.Title,
            State = pullRequest.State,
            Draft = pullRequest.Draft,
            Merged = pullRequest.Merged ?? pullRequest.MergedAt is not null,
            HeadRef = pullRequest.Head?.Ref,
            HeadSha = pullRequest.Head?.Sha,
            BaseRef = pullRequest.Base?.Ref,
            Author = pullRequest.User?.Login,
            HtmlUrl = pullRequest.HtmlUrl,
        };
    }

    private static InstallationChanged FromInstallation(InstallationEvent delivery, string deliveryId)
    {
        var installation = delivery.Installation!;
        return new InstallationChanged
        {
            DeliveryId = deliveryId,
            GitHubEvent = delivery.EventName,
            Action = delivery.Action ?? "",
            InstallationId = installation.Id,
            Account = installation.Account?.DisplayName,
            AccountId = installation.Account?.Id,
            AccountType = installation.TargetType ?? installation.Account?.Type,
            RepositorySelection = installation.RepositorySelection,
            Repositories = (delivery.Repositories ?? []).Select(Reference).ToArray(),
            Sender = delivery.Sender?.Login,
        };
    }

    private static InstallationChanged FromInstallationRepositories(InstallationRepositoriesEvent delivery, string deliveryId)
    {
        var installation = delivery.Installation!;
        return new InstallationChanged
        {
            DeliveryId = deliveryId,
            GitHubEvent = delivery.EventName,
            Action = delivery.Action ?? "",
            InstallationId = installation.Id,
            Account = installation.Account?.DisplayName,
            AccountId = installation.Account?.Id,
            AccountType = installation.TargetType ?? installation.Account?.Type,
            RepositorySelection = delivery.RepositorySelection ?? installation.RepositorySelection,
            RepositoriesAdded = delivery.RepositoriesAdded.Select(Reference).ToArray(),
            RepositoriesRemoved = delivery.RepositoriesRemoved.Select(Reference).ToArray(),
            Sender = delivery.Sender?.Login,
        };
    }

    private static RepositoryReference RepositoryOf(WebhookEvent delivery, Repository? fallback = null)
    {
        var repository = delivery.Repository ?? fallback
            ?? throw new WebhookPayloadException(delivery.EventName, $"The '{delivery.EventName}' delivery has no 'repository' object.");
        var (owner, name) = SplitFullName(repository.FullName);
        return new RepositoryReference(
            repository.Id,
            repository.FullName,
            repository.Owner?.Login is { Length: > 0 } login ? login : owner,
            repository.Name is { Length: > 0 } repositoryName ? repositoryName : name);
    }

    private static RepositoryReference Reference(RepositoryRef repository)
    {
        var (owner, name) = SplitFullName(repository.FullName);
        return new RepositoryReference(repository.Id, repository.FullName, owner, repository.Name is { Length: > 0 } n ? n : name);
    }

    private static (string Owner, string Name) SplitFullName(string fullName)
    {
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? ("", fullName) : (fullName[..slash], fullName[(slash + 1)..]);
    }
}
