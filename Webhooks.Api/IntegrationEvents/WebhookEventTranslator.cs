using System.Reflection;
using System.Text;
using ActionsDashboard.Contracts;
using ActionsDashboard.EventBus.Events;
using ActionsDashboard.IntegrationEvents;
using Microsoft.Extensions.Primitives;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
using Octokit.Webhooks.Models;
using Rest = ActionsDashboard.GitHub.Models;

namespace Webhooks.Api.IntegrationEvents;

/// <summary>
/// Turns a delivery into the normalised integration events this service publishes. The payload is read with
/// Octokit.Webhooks' own models and deserialisation (its <see cref="WebhookEventProcessor.DeserializeWebhookEvent"/>,
/// which picks the event's type by name and action); runs and jobs are then handed to the one normalisation the
/// browser's shapes are built from (<see cref="ContractMapping"/>, shared with GitHub's REST answers). Events the
/// dashboard does not use yield nothing.
/// </summary>
public static class WebhookEventTranslator
{
    // Only its deserialisation is used: the receiving, verifying and storing stay this service's own (README).
    private static readonly WebhookEventProcessor Deserializer = new DeserializingProcessor();

    // The actions Octokit.Webhooks has a type for, per used event with actions: another one is news, not a broken delivery.
    private static readonly Dictionary<string, HashSet<string>> KnownActions = new()
    {
        [WebhookEventType.WorkflowRun] = ActionsOf(typeof(Octokit.Webhooks.Events.WorkflowRun.WorkflowRunActionValue)),
        [WebhookEventType.WorkflowJob] = ActionsOf(typeof(Octokit.Webhooks.Events.WorkflowJob.WorkflowJobActionValue)),
        [WebhookEventType.PullRequest] = ActionsOf(typeof(Octokit.Webhooks.Events.PullRequest.PullRequestActionValue)),
        [WebhookEventType.Installation] = ActionsOf(typeof(Octokit.Webhooks.Events.Installation.InstallationActionValue)),
        [WebhookEventType.InstallationRepositories] =
            ActionsOf(typeof(Octokit.Webhooks.Events.InstallationRepositories.InstallationRepositoriesActionValue)),
    };

    /// <summary>Whether deliveries of <paramref name="eventName"/> yield integration events.</summary>
    public static bool IsUsed(string eventName) => eventName is WebhookEventType.WorkflowRun or WebhookEventType.WorkflowJob
        or WebhookEventType.Push or WebhookEventType.PullRequest or WebhookEventType.Installation
        or WebhookEventType.InstallationRepositories;

    /// <summary>The delivery as Octokit.Webhooks reads it.</summary>
    /// <exception cref="WebhookPayloadException">Octokit.Webhooks cannot read it; <see cref="WebhookPayloadException.UnknownAction"/>
    /// says whether only its action was unknown (a kind GitHub added later).</exception>
    public static WebhookEvent Parse(string eventName, ReadOnlySpan<byte> payload)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        var headers = WebhookHeaders.Parse(new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase) { ["X-GitHub-Event"] = eventName });
        try
        {
            return Deserializer.DeserializeWebhookEvent(headers, Encoding.UTF8.GetString(payload))
                ?? throw new WebhookPayloadException(eventName, $"The '{eventName}' delivery's body is JSON null, not an object.");
        }
        // Not only JsonException: Octokit.Webhooks' converters throw others too (a FormatException for a date they cannot
        // read, found by InputProperties), and an authentic delivery must be kept, never answered 5xx.
        catch (Exception exception) when (exception is not (WebhookPayloadException or OutOfMemoryException))
        {
            var action = DeliveryTranslation.Facts(payload).Action;
            var unknownAction = action is not null && KnownActions.TryGetValue(eventName, out var known) && !known.Contains(action);
            throw new WebhookPayloadException(eventName, unknownAction
                ? $"Octokit.Webhooks has no '{eventName}' event with action '{action}' (GitHub added it later)."
                : $"The '{eventName}' delivery is not the shape GitHub sends ({exception.Message}).", exception)
            {
                UnknownAction = unknownAction,
            };
        }
    }

    /// <exception cref="WebhookPayloadException">A key the event needs is missing.</exception>
    public static IReadOnlyList<IntegrationEvent> Translate(WebhookEvent webhookEvent, string eventName, string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        return webhookEvent switch
        {
            WorkflowRunEvent run => [FromWorkflowRun(run, eventName, deliveryId)],
            WorkflowJobEvent job => [FromWorkflowJob(job, eventName, deliveryId)],
            PushEvent push => [FromPush(push, eventName, deliveryId)],
            PullRequestEvent pullRequest => [FromPullRequest(pullRequest, eventName, deliveryId)],
            InstallationEvent installation => [FromInstallation(installation, eventName, deliveryId)],
            InstallationRepositoriesEvent repositories => [FromInstallationRepositories(repositories, eventName, deliveryId)],
            _ => [],
        };
    }

    private static WorkflowRunChanged FromWorkflowRun(WorkflowRunEvent delivery, string eventName, string deliveryId)
    {
        var run = Require(delivery.WorkflowRun, eventName, "workflow_run");
        return ToRest(run).ToEvent(RepositoryOf(delivery, eventName, run.Repository), delivery.Workflow?.Name, delivery.Action ?? "",
            deliveryId, delivery.Installation?.Id) with { DefaultBranch = delivery.Repository?.DefaultBranch is { Length: > 0 } branch ? branch : null };
    }

    private static WorkflowJobChanged FromWorkflowJob(WorkflowJobEvent delivery, string eventName, string deliveryId)
    {
        var job = Require(delivery.WorkflowJob, eventName, "workflow_job");
        return ToRest(job).ToEvent(RepositoryOf(delivery, eventName), delivery.Action ?? "", deliveryId, delivery.Installation?.Id,
            delivery.Deployment?.Environment);
    }

    private static PushReceived FromPush(PushEvent delivery, string eventName, string deliveryId) => new()
    {
        DeliveryId = deliveryId,
        Repository = RepositoryOf(delivery, eventName),
        InstallationId = delivery.Installation?.Id,
        Ref = delivery.Ref ?? "",
        Branch = RefName(delivery.Ref, "refs/heads/"),
        Tag = RefName(delivery.Ref, "refs/tags/"),
        Before = delivery.Before ?? "",
        After = delivery.After ?? "",
        Created = delivery.Created,
        Deleted = delivery.Deleted,
        Forced = delivery.Forced,
        HeadCommitId = delivery.HeadCommit?.Id,
        HeadCommitMessage = delivery.HeadCommit?.Message,
        CommitCount = delivery.Commits?.Count ?? 0,
        Pusher = delivery.Pusher?.Name,
        Sender = delivery.Sender?.Login,
        CompareUrl = delivery.Compare,
    };

    private static PullRequestChanged FromPullRequest(PullRequestEvent delivery, string eventName, string deliveryId)
    {
        var pullRequest = Require(delivery.PullRequest, eventName, "pull_request");
        return new PullRequestChanged
        {
            DeliveryId = deliveryId,
            Action = delivery.Action ?? "",
            Repository = RepositoryOf(delivery, eventName),
            InstallationId = delivery.Installation?.Id,
            Number = delivery.Number != 0 ? delivery.Number : pullRequest.Number,
            Title = pullRequest.Title ?? "",
            State = pullRequest.State?.StringValue ?? "",
            Draft = pullRequest.Draft,
            Merged = pullRequest.Merged ?? pullRequest.MergedAt is not null,
            HeadRef = pullRequest.Head?.Ref,
            HeadSha = pullRequest.Head?.Sha,
            BaseRef = pullRequest.Base?.Ref,
            Author = pullRequest.User?.Login,
            HtmlUrl = pullRequest.HtmlUrl,
        };
    }

    private static InstallationChanged FromInstallation(InstallationEvent delivery, string eventName, string deliveryId)
    {
        var installation = Require(delivery.Installation, eventName, "installation");
        return new InstallationChanged
        {
            DeliveryId = deliveryId,
            GitHubEvent = eventName,
            Action = delivery.Action ?? "",
            InstallationId = installation.Id,
            Account = installation.Account?.Login ?? installation.Account?.Name,
            AccountId = installation.Account?.Id,
            AccountType = installation.TargetType?.StringValue ?? installation.Account?.Type?.StringValue,
            RepositorySelection = installation.RepositorySelection?.StringValue,
            Repositories = (delivery.Repositories ?? []).Select(r => Reference(r.Id, r.FullName, r.Name)).ToArray(),
            Sender = delivery.Sender?.Login,
        };
    }

    private static InstallationChanged FromInstallationRepositories(InstallationRepositoriesEvent delivery, string eventName, string deliveryId)
    {
        var installation = Require(delivery.Installation, eventName, "installation");
        return new InstallationChanged
        {
            DeliveryId = deliveryId,
            GitHubEvent = eventName,
            Action = delivery.Action ?? "",
            InstallationId = installation.Id,
            Account = installation.Account?.Login ?? installation.Account?.Name,
            AccountId = installation.Account?.Id,
            AccountType = installation.TargetType?.StringValue ?? installation.Account?.Type?.StringValue,
            RepositorySelection = delivery.RepositorySelection?.StringValue ?? installation.RepositorySelection?.StringValue,
            RepositoriesAdded = (delivery.RepositoriesAdded ?? []).Select(r => Reference(r.Id, r.FullName, r.Name)).ToArray(),
            RepositoriesRemoved = (delivery.RepositoriesRemoved ?? []).Select(r => Reference(r.Id, r.FullName, r.Name)).ToArray(),
            Sender = delivery.Sender?.Login,
        };
    }

    /// <summary>A webhook's run in the REST model's shape (GitHub uses one shape for both), for <see cref="ContractMapping"/>.</summary>
    public static Rest.WorkflowRun ToRest(WorkflowRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new Rest.WorkflowRun
        {
            Id = run.Id,
            Name = run.Name,
            DisplayTitle = run.DisplayTitle,
            RunNumber = run.RunNumber,
            RunAttempt = (int)Math.Clamp(run.RunAttempt, 0, int.MaxValue),
            Event = run.Event ?? "",
            Status = run.Status?.StringValue,
            Conclusion = run.Conclusion?.StringValue,
            WorkflowId = run.WorkflowId,
            Path = run.Path,
            HeadBranch = run.HeadBranch,
            HeadSha = run.HeadSha ?? "",
            HeadCommit = run.HeadCommit is { } commit
                ? new Rest.CommitSummary
                {
                    Id = commit.Id ?? "",
                    TreeId = commit.TreeId,
                    Message = commit.Message ?? "",
                    Timestamp = DateTimeOffset.TryParse(commit.Timestamp, out var timestamp) ? timestamp : null,
                    Author = Person(commit.Author),
                    Committer = Person(commit.Committer),
                }
                : null,
            Actor = User(run.Actor),
            TriggeringActor = User(run.TriggeringActor),
            CreatedAt = run.CreatedAt,
            UpdatedAt = run.UpdatedAt,
            // Octokit.Webhooks reads a missing run_started_at as the default value: none.
            RunStartedAt = run.RunStartedAt == default ? null : run.RunStartedAt,
            HtmlUrl = run.HtmlUrl,
            PullRequests = (run.PullRequests ?? []).Select(pr => new Rest.PullRequestRef
            {
                Id = pr.Id,
                Number = pr.Number,
                Head = pr.Head is { } head ? new Rest.GitRefRef { Ref = head.Ref ?? "", Sha = head.Sha ?? "" } : null,
                Base = pr.Base is { } @base ? new Rest.GitRefRef { Ref = @base.Ref ?? "", Sha = @base.Sha ?? "" } : null,
            }).ToArray(),
            Repository = run.Repository is { } repository
                ? new Rest.Repository { Id = repository.Id, Name = repository.Name ?? "", FullName = repository.FullName ?? "", Owner = User(repository.Owner), Private = repository.Private, Fork = repository.Fork }
                : null,
        };
    }

    /// <summary>A webhook's job in the REST model's shape, for <see cref="ContractMapping"/>.</summary>
    public static Rest.WorkflowJob ToRest(Octokit.Webhooks.Models.WorkflowJobEvent.WorkflowJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new Rest.WorkflowJob
        {
            Id = job.Id,
            RunId = job.RunId,
            RunAttempt = (int)Math.Clamp(job.RunAttempt, 0, int.MaxValue),
            Name = job.Name ?? "",
            WorkflowName = job.WorkflowName,
            HeadBranch = job.HeadBranch,
            HeadSha = job.HeadSha ?? "",
            Status = job.Status?.StringValue,
            Conclusion = job.Conclusion?.StringValue,
            CreatedAt = job.CreatedAt == default ? null : job.CreatedAt,
            StartedAt = job.StartedAt,
            CompletedAt = job.CompletedAt,
            RunnerId = job.RunnerId,
            RunnerName = job.RunnerName,
            RunnerGroupName = job.RunnerGroupName,
            Labels = job.Labels ?? [],
            Steps = (job.Steps ?? []).Select(step => new Rest.WorkflowStep
            {
                Name = step.Name ?? "",
                Status = step.Status?.StringValue,
                Conclusion = step.Conclusion?.StringValue,
                Number = (int)step.Number,
                StartedAt = step.StartedAt,
                CompletedAt = step.CompletedAt,
            }).ToArray(),
            HtmlUrl = job.HtmlUrl,
        };
    }

    private static Rest.SimpleUser? User(User? user) => user is null
        ? null
        : new Rest.SimpleUser { Id = user.Id, Login = user.Login ?? "", AvatarUrl = user.AvatarUrl, HtmlUrl = user.HtmlUrl, Type = user.Type?.StringValue };

    private static Rest.CommitPerson? Person(Committer? person) => person is null
        ? null
        : new Rest.CommitPerson { Name = person.Name, Email = person.Email, Username = person.Username };

    private static T Require<T>(T? value, string eventName, string key) where T : class =>
        value ?? throw new WebhookPayloadException(eventName, $"The '{eventName}' delivery has no '{key}' object.");

    private static RepositoryReference RepositoryOf(WebhookEvent delivery, string eventName, RepositoryLite? fallback = null)
    {
        if (delivery.Repository is { } repository)
        {
            return Reference(repository.Id, repository.FullName, repository.Name, repository.Owner?.Login);
        }

        return fallback is not null
            ? Reference(fallback.Id, fallback.FullName, fallback.Name, fallback.Owner?.Login)
            : throw new WebhookPayloadException(eventName, $"The '{eventName}' delivery has no 'repository' object.");
    }

    private static RepositoryReference Reference(long id, string? fullName, string? name, string? ownerLogin = null)
    {
        fullName ??= "";
        var slash = fullName.IndexOf('/', StringComparison.Ordinal);
        var (owner, shortName) = slash < 0 ? ("", fullName) : (fullName[..slash], fullName[(slash + 1)..]);
        return new RepositoryReference(id, fullName, ownerLogin is { Length: > 0 } login ? login : owner, name is { Length: > 0 } n ? n : shortName);
    }

    private static string? RefName(string? reference, string prefix) =>
        reference is not null && reference.StartsWith(prefix, StringComparison.Ordinal) ? reference[prefix.Length..] : null;

    private static HashSet<string> ActionsOf(Type actionValues) =>
        [.. actionValues.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!)];

    private sealed class DeserializingProcessor : WebhookEventProcessor;
}
