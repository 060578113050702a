using System.Text.Json.Serialization;
using ActionsDashboard.GitHub.Models;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>
/// A parsed webhook delivery. The keys every event may carry are optional on purpose: <c>installation</c> is only
/// there for GitHub App deliveries and <c>organization</c> only for organisation repositories.
/// </summary>
public abstract class WebhookEvent
{
    /// <summary>The <c>X-GitHub-Event</c> name, e.g. <c>workflow_run</c>.</summary>
    [JsonIgnore]
    public abstract string EventName { get; }

    /// <summary>The payload's <c>action</c>; <c>push</c>, <c>ping</c> and <c>workflow_dispatch</c> have none.</summary>
    public string? Action { get; init; }

    public Repository? Repository { get; init; }

    public SimpleUser? Sender { get; init; }

    public Installation? Installation { get; init; }

    public OrganizationRef? Organization { get; init; }
}

/// <summary><c>workflow_run</c>: requested, in_progress, completed.</summary>
/// <remarks>
/// <c>action</c> is what happened, <c>workflow_run.status</c> is the run's state; they need not agree (a
/// <c>requested</c> delivery can carry <c>status: completed</c>), so both are kept.
/// </remarks>
public sealed class WorkflowRunEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.WorkflowRun;

    public WorkflowRun WorkflowRun { get; init; } = null!;

    public Workflow? Workflow { get; init; }

    /// <summary>The run's name, falling back to the workflow's name, then to the display title.</summary>
    [JsonIgnore]
    public string RunDisplayName => WorkflowRun.GetDisplayName(Workflow?.Name);
}

/// <summary><c>workflow_job</c>: queued, waiting, in_progress, completed.</summary>
/// <remarks><c>action: queued</c> can carry <c>workflow_job.status: waiting</c> (deployment protection rules).</remarks>
public sealed class WorkflowJobEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.WorkflowJob;

    public WorkflowJob WorkflowJob { get; init; } = null!;

    /// <summary>Set when the job targets an environment.</summary>
    public WebhookDeployment? Deployment { get; init; }
}

public sealed record WebhookDeployment
{
    public long Id { get; init; }
    public string? Environment { get; init; }
    public string? Task { get; init; }
}

/// <summary><c>push</c>: a branch or tag was pushed, created or deleted.</summary>
public sealed class PushEvent : WebhookEvent
{
    private const string BranchPrefix = "refs/heads/";
    private const string TagPrefix = "refs/tags/";

    public override string EventName => WebhookEventNames.Push;

    public string Ref { get; init; } = "";
    public string Before { get; init; } = "";
    public string After { get; init; } = "";
    public bool Created { get; init; }
    public bool Deleted { get; init; }
    public bool Forced { get; init; }
    public string? BaseRef { get; init; }
    public string? Compare { get; init; }
    public IReadOnlyList<PushCommit> Commits { get; init; } = [];
    /// <summary>Null when the push deleted the ref.</summary>
    public PushCommit? HeadCommit { get; init; }
    public CommitPerson? Pusher { get; init; }

    [JsonIgnore]
    public bool IsTag => Ref.StartsWith(TagPrefix, StringComparison.Ordinal);

    [JsonIgnore]
    public bool IsBranch => Ref.StartsWith(BranchPrefix, StringComparison.Ordinal);

    [JsonIgnore]
    public string? TagName => IsTag ? Ref[TagPrefix.Length..] : null;

    [JsonIgnore]
    public string? BranchName => IsBranch ? Ref[BranchPrefix.Length..] : null;

    [JsonIgnore]
    public bool IsBranchCreation => IsBranch && Created;

    [JsonIgnore]
    public bool IsBranchDeletion => IsBranch && Deleted;

    [JsonIgnore]
    public bool IsTagCreation => IsTag && Created;

    [JsonIgnore]
    public bool IsTagDeletion => IsTag && Deleted;
}

public sealed record PushCommit
{
    public string Id { get; init; } = "";
    public string? TreeId { get; init; }
    public string Message { get; init; } = "";
    public DateTimeOffset? Timestamp { get; init; }
    public string? Url { get; init; }
    public bool Distinct { get; init; }
    public CommitPerson? Author { get; init; }
    public CommitPerson? Committer { get; init; }
}

/// <summary><c>pull_request</c>: opened, synchronize, closed, ...</summary>
public sealed class PullRequestEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.PullRequest;

    public long Number { get; init; }

    public WebhookPullRequest PullRequest { get; init; } = null!;

    /// <summary>Set on <c>synchronize</c>: the head before and after the push.</summary>
    public string? Before { get; init; }

    public string? After { get; init; }
}

public sealed record WebhookPullRequest
{
    public long Id { get; init; }
    public long Number { get; init; }
    public string Title { get; init; } = "";
    public string State { get; init; } = "";
    public bool Draft { get; init; }
    public bool? Merged { get; init; }
    public DateTimeOffset? MergedAt { get; init; }
    public string? HtmlUrl { get; init; }
    public SimpleUser? User { get; init; }
    public PullRequestBranch? Head { get; init; }
    public PullRequestBranch? Base { get; init; }
}

public sealed record PullRequestBranch
{
    public string Ref { get; init; } = "";
    public string Sha { get; init; } = "";
    public string? Label { get; init; }
}

/// <summary><c>ping</c>: sent when a webhook is created.</summary>
public sealed class PingEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.Ping;

    public string? Zen { get; init; }

    public long HookId { get; init; }

    public WebhookHook? Hook { get; init; }
}

public sealed record WebhookHook
{
    public long Id { get; init; }
    /// <summary><c>Repository</c>, <c>Organization</c>, <c>App</c>, ...</summary>
    public string? Type { get; init; }
    public bool Active { get; init; }
    public IReadOnlyList<string> Events { get; init; } = [];
    /// <summary>Set when the hook belongs to a GitHub App.</summary>
    public long? AppId { get; init; }
}

/// <summary><c>installation</c>: created, deleted, suspend, unsuspend, new_permissions_accepted.</summary>
public sealed class InstallationEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.Installation;

    /// <summary>The repositories the installation can reach (only when the selection is <c>selected</c>).</summary>
    public IReadOnlyList<RepositoryRef>? Repositories { get; init; }

    public SimpleUser? Requester { get; init; }
}

/// <summary><c>installation_repositories</c>: added, removed.</summary>
public sealed class InstallationRepositoriesEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.InstallationRepositories;

    public string? RepositorySelection { get; init; }

    public IReadOnlyList<RepositoryRef> RepositoriesAdded { get; init; } = [];

    public IReadOnlyList<RepositoryRef> RepositoriesRemoved { get; init; } = [];

    public SimpleUser? Requester { get; init; }
}

/// <summary>Any event this project does not model (<c>check_run</c>, <c>workflow_dispatch</c>, ...): common keys only.</summary>
public sealed class UnhandledWebhookEvent : WebhookEvent
{
    private string _eventName = "";

    public override string EventName => _eventName;

    internal UnhandledWebhookEvent WithEventName(string eventName)
    {
        _eventName = eventName;
        return this;
    }
}

public static class WebhookEventNames
{
    public const string WorkflowRun = "workflow_run";
    public const string WorkflowJob = "workflow_job";
    public const string Push = "push";
    public const string PullRequest = "pull_request";
    public const string Ping = "ping";
    public const string Installation = "installation";
    public const string InstallationRepositories = "installation_repositories";

    public static IReadOnlyList<string> Handled { get; } =
        [WorkflowRun, WorkflowJob, Push, PullRequest, Ping, Installation, InstallationRepositories];
}
