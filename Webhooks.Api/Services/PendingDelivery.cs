using System.Diagnostics;
using Webhooks.Api.IntegrationEvents;

namespace Webhooks.Api.Services;

/// <summary>
/// One authentic delivery's rows, prepared by its own request (translation, serialisation, hashing: work that runs in
/// parallel across requests) and handed to the <see cref="DeliveryBatchWriter"/>, which stores it with whatever else
/// is queued and completes <see cref="Completion"/> with its own outcome.
/// </summary>
public sealed class PendingDelivery(
    IncomingDelivery incoming,
    DeliveryTranslation translation,
    DateTimeOffset receivedAt,
    byte[] payloadSha256,
    PendingEvent[] events,
    ActivityContext requestContext)
{
    public IncomingDelivery Incoming { get; } = incoming;

    public DeliveryTranslation Translation { get; } = translation;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public byte[] PayloadSha256 { get; } = payloadSha256;

    /// <summary>Its outbox rows, in event order.</summary>
    public PendingEvent[] Events { get; } = events;

    /// <summary>The request's span, linked from the batch's span so a delivery's trace leads to the write that stored it.</summary>
    public ActivityContext RequestContext { get; } = requestContext;

    /// <summary>Continuations run on the thread pool, not on the writer: answering the request is not the writer's work.</summary>
    public TaskCompletionSource<StoreResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
