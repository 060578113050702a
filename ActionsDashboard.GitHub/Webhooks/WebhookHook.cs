namespace ActionsDashboard.GitHub.Webhooks;

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
