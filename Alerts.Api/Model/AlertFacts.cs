namespace Alerts.Api.Model;

/// <summary>What an alert says, stored with its delivery; every destination's message is made from it.</summary>
public sealed record AlertFacts
{
    public string Transition { get; init; } = "";

    public string Repository { get; init; } = "";

    public string? Workflow { get; init; }

    public string? Branch { get; init; }

    public long? RunId { get; init; }

    public int? RunAttempt { get; init; }

    public long? RunNumber { get; init; }

    /// <summary>The run's (or, for a queued job, the job's) name.</summary>
    public string? Name { get; init; }

    public string? Conclusion { get; init; }

    public string? Actor { get; init; }

    public string? HeadSha { get; init; }

    public string? HtmlUrl { get; init; }

    /// <summary>For <c>queued</c>: the rule's threshold.</summary>
    public int? QueuedMinutes { get; init; }

    public DateTimeOffset OccurredAt { get; init; }
}
