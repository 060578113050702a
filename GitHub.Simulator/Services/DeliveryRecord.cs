namespace GitHub.Simulator.Services;

/// <summary>One delivery (one <c>X-GitHub-Delivery</c> id) and every attempt to send it.</summary>
public sealed class DeliveryRecord
{
    public required string Id { get; init; }

    public required long Sequence { get; init; }

    public required OutgoingWebhook Webhook { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string State { get; set; } = DeliveryState.Queued;

    public List<DeliveryAttempt> Attempts { get; } = [];
}
