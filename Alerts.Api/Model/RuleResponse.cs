namespace Alerts.Api.Model;

public sealed record RuleResponse(Guid Id, string Name, string Repository, string? Branch, string? Workflow, IReadOnlyList<string> Events,
    int? QueuedMinutes, DestinationResponse Destination, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RuleResponse From(AlertRule rule) => new(rule.Id, rule.Name, rule.Repository, rule.Branch, rule.Workflow, rule.Events,
        rule.QueuedMinutes, new DestinationResponse(rule.DestinationType, rule.DestinationHost, rule.DestinationAddress, rule.HasSecret),
        rule.CreatedAt, rule.UpdatedAt);
}
