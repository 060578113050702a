namespace Webhooks.Api.Model;

/// <summary>
/// Limits on request bodies not yet known to come from GitHub (<c>Webhooks:Receiver</c>). Memory held by them is at
/// most <see cref="MaxConcurrentBodies"/> × <see cref="BytesPerBody"/> + <see cref="MaxBufferedBytes"/>, however many
/// connections declare 25 MB; each is read within <see cref="BodyTimeout"/> or refused.
/// </summary>
public sealed class ReceiverOptions
{
    public const string SectionName = "Webhooks:Receiver";

    /// <summary>Bodies read at once; one more is refused with 503 and <c>Retry-After</c> before its body is read.</summary>
    public int MaxConcurrentBodies { get; set; } = 256;

    /// <summary>What each body may buffer out of its own slot: typical deliveries (a few KB to tens of KB) fit.</summary>
    public int BytesPerBody { get; set; } = 128 * 1024;

    /// <summary>Bytes beyond <see cref="BytesPerBody"/> that all bodies being read may buffer together.</summary>
    public long MaxBufferedBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Time to receive the whole body. GitHub gives up on a delivery after 10 s, so a body slower than that is not
    /// GitHub's and only holds memory.
    /// </summary>
    public TimeSpan BodyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Kestrel's minimum body data rate on this route, after a grace period of 2 s.</summary>
    public double MinBytesPerSecond { get; set; } = 16 * 1024;
}
