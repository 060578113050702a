using ActionsDashboard.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

/// <summary>
/// Counts what unverified request bodies hold: how many are being read, and the bytes they buffer beyond their own
/// allowance. A body that cannot get a slot, or the bytes for its next chunk, is refused rather than waited for.
/// </summary>
public sealed class UnverifiedBodyBudget
{
    private readonly IOptionsMonitor<ReceiverOptions> _options;
    private int _bodies;
    private long _sharedBytes;
    private long _peakBufferedBytes;
    private long _bufferedBytes;

    public UnverifiedBodyBudget(IOptionsMonitor<ReceiverOptions> options, ServiceTelemetry telemetry)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        _options = options;
        telemetry.Meter.CreateObservableGauge("webhooks.receiver.bodies", () => Bodies, unit: "{request}",
            description: "Webhook request bodies being read, not yet verified.");
        telemetry.Meter.CreateObservableGauge("webhooks.receiver.buffered", () => BufferedBytes, unit: "By",
            description: "Bytes buffered by webhook request bodies not yet verified.");
    }

    /// <summary>Bodies being read now.</summary>
    public int Bodies => Volatile.Read(ref _bodies);

    /// <summary>Bytes all unverified bodies buffer now.</summary>
    public long BufferedBytes => Interlocked.Read(ref _bufferedBytes);

    /// <summary>The most bytes unverified bodies buffered at once since the start.</summary>
    public long PeakBufferedBytes => Interlocked.Read(ref _peakBufferedBytes);

    /// <summary>A slot for one body, or null when <see cref="ReceiverOptions.MaxConcurrentBodies"/> are being read.</summary>
    public Lease? TryEnter()
    {
        var limits = _options.CurrentValue;
        if (Interlocked.Increment(ref _bodies) > limits.MaxConcurrentBodies)
        {
            Interlocked.Decrement(ref _bodies);
            return null;
        }

        return new Lease(this, limits.BytesPerBody, limits.MaxBufferedBytes);
    }

    private bool TryTakeShared(long bytes, long max)
    {
        if (Interlocked.Add(ref _sharedBytes, bytes) > max)
        {
            Interlocked.Add(ref _sharedBytes, -bytes);
            return false;
        }

        return true;
    }

    private void Buffered(long bytes)
    {
        var now = Interlocked.Add(ref _bufferedBytes, bytes);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakBufferedBytes)) && Interlocked.CompareExchange(ref _peakBufferedBytes, now, peak) != peak)
        {
        }
    }

    /// <summary>One body's slot and the bytes it buffers; disposing it gives both back.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly UnverifiedBodyBudget _budget;
        private readonly long _ownBytes;
        private readonly long _maxShared;
        private long _held;
        private long _shared;
        private bool _disposed;

        internal Lease(UnverifiedBodyBudget budget, long ownBytes, long maxShared)
        {
            _budget = budget;
            _ownBytes = ownBytes;
            _maxShared = maxShared;
        }

        /// <summary>Reserves <paramref name="bytes"/> more: from the body's own allowance first, then the shared budget.</summary>
        public bool TryReserve(int bytes)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            ArgumentOutOfRangeException.ThrowIfNegative(bytes);
            var fromShared = Math.Max(0, _held + bytes - _ownBytes) - _shared;
            if (fromShared > 0 && !_budget.TryTakeShared(fromShared, _maxShared))
            {
                return false;
            }

            _shared += fromShared;
            _held += bytes;
            _budget.Buffered(bytes);
            return true;
        }

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _budget.Buffered(-_held);
            Interlocked.Add(ref _budget._sharedBytes, -_shared);
            Interlocked.Decrement(ref _budget._bodies);
        }
    }
}
