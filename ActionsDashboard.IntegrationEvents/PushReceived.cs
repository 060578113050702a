using ActionsDashboard.EventBus.Events;

namespace ActionsDashboard.IntegrationEvents;

/// <summary>A <c>push</c> delivery: a branch or tag was pushed, created or deleted.</summary>
public sealed record PushReceived : IntegrationEvent
{
    public string DeliveryId { get; init; } = "";

    public RepositoryReference Repository { get; init; } = null!;

    public long? InstallationId { get; init; }

    /// <summary>The full ref, <c>refs/heads/main</c> or <c>refs/tags/v1</c>.</summary>
    public string Ref { get; init; } = "";

    /// <summary>Set for a branch push.</summary>
    public string? Branch { get; init; }

    /// <summary>Set for a tag push.</summary>
    public string? Tag { get; init; }

    public string Before { get; init; } = "";

    public string After { get; init; } = "";

    public bool Created { get; init; }

    public bool Deleted { get; init; }

    public bool Forced { get; init; }

    /// <summary>Null when the push deleted the ref.</summary>
    public string? HeadCommitId { get; init; }

    public string? HeadCommitMessage { get; init; }

    public int CommitCount { get; init; }

    /// <summary>Name of the person who pushed (<c>pusher.name</c>).</summary>
    public string? Pusher { get; init; }

    /// <summary>Login of the account that sent it.</summary>
    public string? Sender { get; init; }

    public string? CompareUrl { get; init; }
}
