using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>
/// The last <see cref="RealtimeOptions.ReplayBufferSize"/> events, for resume. Sequence numbers are contiguous, so the
/// events after a client's last id are found by arithmetic. The sequence starts at this instance's start time in
/// microseconds: a restarted instance never reuses an id an earlier one gave out.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly LiveEvent?[] _ring;
    private readonly Lock _lock = new();
    private long _next;
    private long _count;

    public ReplayBuffer(IOptions<RealtimeOptions> options, TimeProvider time)
    {
        _ring = new LiveEvent?[Math.Max(1, options.Value.ReplayBufferSize)];
        FirstSequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000;
        _next = FirstSequence;
    }

    /// <summary>The id the first event of this instance gets.</summary>
    public long FirstSequence { get; }

    /// <summary>The sequence of the newest event, or <see cref="FirstSequence"/> - 1 before any.</summary>
    public long LastSequence
    {
        get
        {
            lock (_lock)
            {
                return _next - 1;
            }
        }
    }

    public LiveEvent Append(Func<long, LiveEvent> create)
    {
        lock (_lock)
        {
            var liveEvent = create(_next);
            _ring[_next % _ring.Length] = liveEvent;
            _next++;
            _count = Math.Min(_count + 1, _ring.Length);
            return liveEvent;
        }
    }

    /// <summary>
    /// The events after <paramref name="lastSequence"/> that pass <paramref name="include"/>, oldest first; false when the
    /// id is not one this buffer can answer for exactly (too old, from another instance or a previous life of this one).
    /// </summary>
    public bool TryGetAfter(long lastSequence, Func<LiveEvent, bool> include, out List<LiveEvent> events)
    {
        events = [];
        lock (_lock)
        {
            var oldest = _next - _count;
            if (lastSequence < oldest - 1 || lastSequence >= _next)
            {
                return false;
            }

            for (var sequence = lastSequence + 1; sequence < _next; sequence++)
            {
                var liveEvent = _ring[sequence % _ring.Length]!;
                if (include(liveEvent))
                {
                    events.Add(liveEvent);
                }
            }

            return true;
        }
    }
}
