using System.Buffers;

namespace Webhooks.Api.Services;

/// <summary>
/// A request body read into pooled segments as it arrives: nothing is allocated from what the request declares, and
/// the segments go back to the pool when the body is disposed.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    public const int SegmentSize = 64 * 1024;

    private readonly List<byte[]> _segments = [];
    private int _usedInLast = SegmentSize;

    public long Length { get; private set; }

    /// <summary>True when the next read needs a new segment (the caller reserves its bytes first).</summary>
    public bool IsFull => _usedInLast == SegmentSize;

    /// <summary>The free space of the last segment.</summary>
    public Memory<byte> Free => _segments[^1].AsMemory(_usedInLast, SegmentSize - _usedInLast);

    public void AddSegment()
    {
        _segments.Add(ArrayPool<byte>.Shared.Rent(SegmentSize));
        _usedInLast = 0;
    }

    public void Advance(int count)
    {
        _usedInLast += count;
        Length += count;
    }

    /// <summary>The body in one array of its exact length, for a body already known to be GitHub's.</summary>
    public byte[] ToArray()
    {
        var result = new byte[Length];
        var offset = 0;
        for (var i = 0; i < _segments.Count; i++)
        {
            var count = i == _segments.Count - 1 ? _usedInLast : SegmentSize;
            _segments[i].AsSpan(0, count).CopyTo(result.AsSpan(offset));
            offset += count;
        }

        return result;
    }

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            ArrayPool<byte>.Shared.Return(segment);
        }

        _segments.Clear();
    }
}
