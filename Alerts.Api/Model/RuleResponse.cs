namespace Alerts.Api.Model;

/// <summary>A rule as answered. <paramref name="Team"/>: the team it belongs to (<c>organization/slug</c>), null for a personal rule.</summary>
public sealed record RuleResponse(Guid Id, string Name, string Repository, string? Branch, string? Workflow, IReadOnlyList<string> Events,
    int? QueuedMinutes, DestinationResponse Destination, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Team)
{
    public static RuleResponse From(AlertRule rule) => new(rule.Id, rule.Name, rule.Repository, rule.Branch, rule.Workflow, rule.Events,
        rule.QueuedMinutes, new DestinationResponse(rule.DestinationType, rule.DestinationHost, rule.DestinationAddress, rule.HasSecret),
        rule.CreatedAt, rule.UpdatedAt, rule.Team);
}
