namespace Alerts.Api.Model;

/// <summary>The body of <c>POST</c> and <c>PUT /api/alerts/rules</c>.</summary>
public sealed record RuleRequest
{
    public string? Name { get; init; }

    public string? Repository { get; init; }

    public string? Branch { get; init; }

    public string? Workflow { get; init; }

    public IReadOnlyList<string>? Events { get; init; }

    public int? QueuedMinutes { get; init; }

    public DestinationRequest? Destination { get; init; }

    /// <summary><c>organization/team-slug</c>: a team rule, for every member of that GitHub team; null or empty: yours only.</summary>
    public string? Team { get; init; }
}
