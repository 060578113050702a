namespace Alerts.Api.Model;

/// <summary>
/// One alert to one rule's destination: the outbox the sender works through and the history the owner sees. The
/// unique key (rule, run, attempt, transition) is what makes a redelivered or duplicated event alert once, whichever
/// replica handles it; a test delivery has no run and never collides.
/// </summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; }

    public Guid RuleId { get; set; }

    /// <summary>The rule's owner, or for a team rule the member who saved it last.</summary>
    public long OwnerId { get; set; }

    /// <summary>A team rule's team: every member sees the delivery. Null for a personal rule's.</summary>
    public string? Team { get; set; }

    public string RuleName { get; set; } = "";

    /// <summary><c>failure</c>, <c>recovery</c>, <c>queued</c> or <c>test</c>.</summary>
    public string Transition { get; set; } = "";

    public string Repository { get; set; } = "";

    public long? RunId { get; set; }

    public int? RunAttempt { get; set; }

    /// <summary>The alert's facts (<see cref="AlertFacts"/> as JSON); each destination's body is made from them when sent.</summary>
    public string Alert { get; set; } = "";

    /// <summary><see cref="DeliveryStatuses"/>.</summary>
    public string Status { get; set; } = DeliveryStatuses.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The destination's last HTTP status (null for e-mail or when nothing answered).</summary>
    public int? StatusCode { get; set; }

    /// <summary>What went wrong last, worded for a person; never a URL or a secret.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
