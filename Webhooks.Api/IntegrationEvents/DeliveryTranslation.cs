using ActionsDashboard.EventBus.Events;
using ActionsDashboard.GitHub.Webhooks;
using Webhooks.Api.Model;

namespace Webhooks.Api.IntegrationEvents;

/// <summary>What a delivery's payload yields: the facts kept on the delivery row, its state, and its events.</summary>
public sealed record DeliveryTranslation(
    string? Action,
    string? RepositoryFullName,
    long? InstallationId,
    DeliveryState State,
    string? Error,
    IReadOnlyList<IntegrationEvent> Events)
{
    /// <summary>
    /// Parses <paramref name="payload"/> (already known to be a JSON object) as <paramref name="eventName"/> and
    /// translates it. A payload that cannot be translated gives <see cref="DeliveryState.Failed"/> with the reason,
    /// never an exception: an authentic delivery is kept so it can be reprocessed once the cause is fixed.
    /// </summary>
    public static DeliveryTranslation Translate(string eventName, byte[] payload, string deliveryId)
    {
        var used = WebhookEventTranslator.IsUsed(eventName);
        WebhookEvent parsed;
        try
        {
            parsed = WebhookEventParser.Parse(eventName, payload);
        }
        catch (WebhookPayloadException exception)
        {
            return used
                ? new DeliveryTranslation(null, null, null, DeliveryState.Failed, exception.Message, [])
                : new DeliveryTranslation(null, null, null, eventName == WebhookEventNames.Ping ? DeliveryState.Processed : DeliveryState.Ignored, null, []);
        }

        var action = parsed.Action;
        var repository = parsed.Repository?.FullName is { Length: > 0 } fullName ? fullName : null;
        var installation = parsed.Installation?.Id;
        if (!used)
        {
            var state = eventName == WebhookEventNames.Ping ? DeliveryState.Processed : DeliveryState.Ignored;
            return new DeliveryTranslation(action, repository, installation, state, null, []);
        }

        try
        {
            var events = WebhookEventTranslator.Translate(parsed, deliveryId);
            return new DeliveryTranslation(action, repository, installation, DeliveryState.Received, null, events);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever went wrong (a shape GitHub changed, a bug here), the delivery is authentic: keep it as failed,
            // to be reprocessed after the fix, rather than lose it.
            return new DeliveryTranslation(action, repository, installation, DeliveryState.Failed,
                $"The '{eventName}' delivery could not be turned into integration events: {exception.Message}", []);
        }
    }
}
