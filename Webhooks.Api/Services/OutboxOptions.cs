namespace Webhooks.Api.Services;

/// <summary>The outbox dispatcher's settings, bound from the <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Rows published per transaction (in flight to the broker at once).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How often pending rows are looked for when nothing signals new ones (other replicas' rows, retries).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Wait before a failed row is tried again, doubled per failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
