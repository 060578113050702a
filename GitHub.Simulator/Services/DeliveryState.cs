namespace GitHub.Simulator.Services;

public static class DeliveryState
{
    /// <summary>Waiting in the sender's queue (or held back by the reorder fault).</summary>
    public const string Queued = "queued";
    /// <summary>The last attempt got a 2xx.</summary>
    public const string Delivered = "delivered";
    /// <summary>The last attempt failed (connection error, timeout, non-2xx); GitHub does not retry by itself.</summary>
    public const string Failed = "failed";
    /// <summary>Lost on purpose by the drop fault.</summary>
    public const string Dropped = "dropped";
    /// <summary>Nothing was sent: <c>Simulator:WebhookUrl</c> is not configured.</summary>
    public const string NotSent = "not_sent";
}
