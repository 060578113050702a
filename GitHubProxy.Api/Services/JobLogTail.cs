using System.Globalization;
using System.Text;
using GitHubProxy.Api.Model;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Reading the end of a job log without holding all of it, and cutting out one step's part. GitHub's job log is plain text,
/// every line prefixed with its UTC time to 100 ns (<c>2026-12-04T08:00:00.1234567Z text</c>); it has no step markers of its
/// own (<c>##[group]</c> also opens groups inside a step), so a step's lines are those timed within its
/// <c>started_at</c>..<c>completed_at</c>, which GitHub gives to the second.
/// </summary>
public static class JobLogTail
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// The last <paramref name="maxBytes"/> bytes of <paramref name="stream"/>, in bounded memory, reading at most
    /// <paramref name="maxReadBytes"/>; <c>Truncated</c> when anything before them was skipped (then the first, partial line
    /// is dropped). A byte range answer (<paramref name="totalLength"/> larger than what arrives) is truncated too.
    /// </summary>
    public static async Task<(string Text, bool Truncated)> ReadTailAsync(Stream stream, int maxBytes, long maxReadBytes, long? totalLength,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var ring = new byte[maxBytes];
        var chunk = new byte[64 * 1024];
        long total = 0;
        int read;
        while (total < maxReadBytes && (read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            var offset = 0;
            while (offset < read)
            {
                var at = (int)(total % maxBytes);
                var count = Math.Min(read - offset, maxBytes - at);
                Buffer.BlockCopy(chunk, offset, ring, at, count);
                offset += count;
                total += count;
            }
        }

        byte[] tail;
        var truncated = total > maxBytes || total >= maxReadBytes || totalLength is { } length && length > total;
        if (total <= maxBytes)
        {
            tail = ring[..(int)total];
        }
        else
        {
            var start = (int)(total % maxBytes);
            tail = [.. ring[start..], .. ring[..start]];
        }

        var text = Encoding.UTF8.GetString(tail);
        if (truncated && text.IndexOf('\n', StringComparison.Ordinal) is var newline and >= 0)
        {
            text = text[(newline + 1)..];
        }

        return (text, truncated);
    }

    /// <summary>The log's lines with GitHub's timestamps split off (a line without one keeps the time before it).</summary>
    public static IReadOnlyList<LogLine> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<LogLine>();
        foreach (var raw in text.TrimStart('\uFEFF').Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length >= 29 && line[28] == ' '
                && DateTimeOffset.TryParseExact(line.AsSpan(0, 28), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                lines.Add(new LogLine(time, line[29..].TrimStart('\uFEFF')));
            }
            else if (line.Length > 0)
            {
                lines.Add(new LogLine(null, line));
            }
        }

        return lines;
    }

    /// <summary>
    /// The last <paramref name="maxLines"/> lines timed within the step (from its start's second to the end of its completion's
    /// second); the whole log's last lines when the step has no times or none of its lines are there. <c>Truncated</c> when
    /// the section had more lines.
    /// </summary>
    public static (IReadOnlyList<LogLine> Lines, bool Truncated) Section(IReadOnlyList<LogLine> lines, DateTimeOffset? startedAt,
        DateTimeOffset? completedAt, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        IReadOnlyList<LogLine> section = lines;
        if (startedAt is { } started && completedAt is { } completed)
        {
            var from = Truncate(started);
            var to = Truncate(completed).AddSeconds(1);
            var inside = new List<LogLine>();
            DateTimeOffset? time = null;
            foreach (var line in lines)
            {
                time = line.Time ?? time;
                if (time >= from && time < to)
                {
                    inside.Add(line);
                }
            }

            if (inside.Count > 0)
            {
                section = inside;
            }
        }

        return section.Count > maxLines ? (section.Skip(section.Count - maxLines).ToArray(), true) : (section, false);
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) => new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
