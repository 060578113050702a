namespace Webhooks.Api.Model;

/// <summary>A delivery as the internal deliveries view shows it (no payload).</summary>
public sealed record DeliveryView(
    string Id,
    string Event,
    string? Action,
    string? Repository,
    long? InstallationId,
    DateTimeOffset ReceivedAt,
    DeliveryState State,
    string? Error,
    DateTimeOffset? ProcessedAt,
    int ReprocessCount,
    int PayloadBytes,
    int EventsPublished,
    int EventsPending);
