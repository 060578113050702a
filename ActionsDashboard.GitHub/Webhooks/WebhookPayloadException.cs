namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>The body is not a JSON object of the shape the event name promises.</summary>
public sealed class WebhookPayloadException : Exception
{
    public WebhookPayloadException(string eventName, string message, Exception? innerException = null)
        : base(message, innerException) => EventName = eventName;

    public string EventName { get; }
}
