namespace ActionsDashboard.IntegrationEvents;

public sealed record WorkflowJobStep(
    string Name,
    string? Status,
    string? Conclusion,
    int Number,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt);
