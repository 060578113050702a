namespace Alerts.Api.Model;

/// <summary>
/// One person's alert rule, or a team's (<see cref="Team"/>): every member of the team sees and edits it. The destination's URL and secret are sealed together (<see cref="SealedDestination"/>):
/// a Slack or Teams webhook URL is itself a credential, so neither is stored in the clear nor ever answered.
/// </summary>
public sealed class AlertRule
{
    public Guid Id { get; set; }

    /// <summary>GitHub's id of the signed-in user who owns the rule.</summary>
    public long OwnerId { get; set; }

    /// <summary>A team rule's GitHub team, <c>organization/slug</c> in lower case; null for a personal rule.</summary>
    public string? Team { get; set; }

    /// <summary>Who saved the rule last. A team rule fires while this member can see the repository and is in the team.</summary>
    public long SavedBy { get; set; }

    public string Name { get; set; } = "";

    /// <summary><c>owner/name</c> or <c>owner/*</c>, as the person typed it.</summary>
    public string Repository { get; set; } = "";

    /// <summary><see cref="Repository"/> in lower case, for matching (GitHub's names are case-insensitive).</summary>
    public string RepositoryKey { get; set; } = "";

    /// <summary>A branch name or a glob with <c>*</c>; null: the repository's default branch only.</summary>
    public string? Branch { get; set; }

    /// <summary>A workflow's name or file (<c>ci.yml</c>); null: every workflow.</summary>
    public string? Workflow { get; set; }

    /// <summary>Some of <see cref="AlertTransitions.All"/>.</summary>
    public string[] Events { get; set; } = [];

    public int? QueuedMinutes { get; set; }

    /// <summary>One of <see cref="DestinationTypes.All"/>.</summary>
    public string DestinationType { get; set; } = "";

    /// <summary>The URL's host (shown to the owner; not a secret), null for e-mail.</summary>
    public string? DestinationHost { get; set; }

    /// <summary>The e-mail address, null for the webhook kinds.</summary>
    public string? DestinationAddress { get; set; }

    /// <summary>The URL and secret, sealed with AES-256-GCM bound to the rule's id (<see cref="Services.SecretProtector"/>).</summary>
    public byte[] SealedDestination { get; set; } = [];

    public bool HasSecret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
