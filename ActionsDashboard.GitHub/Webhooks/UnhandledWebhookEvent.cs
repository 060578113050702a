namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>Any event this project does not model (<c>check_run</c>, <c>workflow_dispatch</c>, ...): common keys only.</summary>
public sealed class UnhandledWebhookEvent : WebhookEvent
{
    private string _eventName = "";

    public override string EventName => _eventName;

    internal UnhandledWebhookEvent WithEventName(string eventName)
    {
        _eventName = eventName;
        return this;
    }
}
