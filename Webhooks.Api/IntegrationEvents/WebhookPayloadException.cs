namespace Webhooks.Api.IntegrationEvents;

/// <summary>The body is not a JSON object of the shape the event name promises, or has an action nobody knows yet.</summary>
public sealed class WebhookPayloadException : Exception
{
    public WebhookPayloadException(string eventName, string message, Exception? innerException = null)
        : base(message, innerException) => EventName = eventName;

    public string EventName { get; }

    /// <summary>Only the action is unknown (GitHub adds kinds over time): the delivery is kept and ignored, not failed.</summary>
    public bool UnknownAction { get; init; }
}
