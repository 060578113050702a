namespace ActionsDashboard.GitHub.Webhooks;

public sealed record WebhookDeployment
{
    public long Id { get; init; }
    public string? Environment { get; init; }
    public string? Task { get; init; }
}
