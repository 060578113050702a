using System.Text.Json;
using ActionsDashboard.EventBus.Events;
using Octokit.Webhooks;
using Octokit.Webhooks.Events;
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
        var unusedState = eventName == WebhookEventType.Ping ? DeliveryState.Processed : DeliveryState.Ignored;
        if (!WebhookEventTranslator.IsUsed(eventName))
        {
            // Not read any further than the facts the delivery row keeps.
            var (action, repository, installation) = Facts(payload);
            return new DeliveryTranslation(action, repository, installation, unusedState, null, []);
        }

        WebhookEvent parsed;
        try
        {
            parsed = WebhookEventTranslator.Parse(eventName, payload);
        }
        catch (WebhookPayloadException exception)
        {
            var (action, repository, installation) = Facts(payload);
            // An action GitHub added after Octokit.Webhooks' models: kept, and ignored like an event nobody uses.
            return exception.UnknownAction
                ? new DeliveryTranslation(action, repository, installation, DeliveryState.Ignored, exception.Message, [])
                : new DeliveryTranslation(action, repository, installation, DeliveryState.Failed, exception.Message, []);
        }

        var parsedRepository = parsed.Repository?.FullName is { Length: > 0 } fullName ? fullName : null;
        // Installation events carry the whole installation under their own property, the others a reference to it.
        var parsedInstallation = parsed switch
        {
            InstallationEvent e => e.Installation?.Id,
            InstallationRepositoriesEvent e => e.Installation?.Id,
            _ => parsed.Installation?.Id,
        };
        try
        {
            var events = WebhookEventTranslator.Translate(parsed, eventName, deliveryId);
            return new DeliveryTranslation(parsed.Action, parsedRepository, parsedInstallation, DeliveryState.Received, null, events);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever went wrong (a shape GitHub changed, a bug here), the delivery is authentic: keep it as failed,
            // to be reprocessed after the fix, rather than lose it.
            return new DeliveryTranslation(parsed.Action, parsedRepository, parsedInstallation, DeliveryState.Failed,
                $"The '{eventName}' delivery could not be turned into integration events: {exception.Message}", []);
        }
    }

    /// <summary>The payload's <c>action</c>, <c>repository.full_name</c> and <c>installation.id</c>, whatever its event,
    /// read without a model (for what no model reads).</summary>
    internal static (string? Action, string? Repository, long? Installation) Facts(ReadOnlySpan<byte> payload)
    {
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }

            var action = root.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var repository = root.TryGetProperty("repository", out var r) && r.ValueKind == JsonValueKind.Object
                && r.TryGetProperty("full_name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() is { Length: > 0 } name
                ? name
                : null;
            long? installation = root.TryGetProperty("installation", out var i) && i.ValueKind == JsonValueKind.Object
                && i.TryGetProperty("id", out var id) && id.TryGetInt64(out var value)
                ? value
                : null;
            return (action, repository, installation);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON, or a string no UTF-8 text can hold (a lone surrogate escape such as "\ud800", which JSON's grammar
            // allows and GitHub never sends): no facts.
            return (null, null, null);
        }
    }
}
