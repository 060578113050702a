namespace ActionsDashboard.GitHub.Webhooks;

/// <summary><c>ping</c>: sent when a webhook is created.</summary>
public sealed class PingEvent : WebhookEvent
{
    public override string EventName => WebhookEventNames.Ping;

    public string? Zen { get; init; }

    public long HookId { get; init; }

    public WebhookHook? Hook { get; init; }
}
