using System.Text;
using GitHubProxy.Api.Services;

namespace GitHubProxy.Api.FunctionalTests;

/// <summary>The pure part of the failure view (no servers): the end of a log in bounded memory, and one step's lines of it.</summary>
public sealed class JobLogTailTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    private static string Line(double seconds, string text) =>
        $"{Start.AddSeconds(seconds).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'} {text}\n";

    [Fact]
    public async Task A_log_within_the_cap_is_read_whole_and_not_truncated()
    {
        var text = Line(0, "one") + Line(1, "two");

        var (tail, truncated) = await JobLogTail.ReadTailAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024, 16 * 1024, null, CancellationToken.None);

        Assert.Equal(text, tail);
        Assert.False(truncated);
    }

    [Fact]
    public async Task A_longer_log_keeps_only_its_last_bytes_from_a_whole_line_on()
    {
        var text = string.Concat(Enumerable.Range(0, 1000).Select(i => Line(i / 10.0, $"line {i}")));

        var (tail, truncated) = await JobLogTail.ReadTailAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), 2048, 1 << 20, null, CancellationToken.None);

        Assert.True(truncated);
        Assert.True(tail.Length <= 2048);
        Assert.EndsWith(Line(99.9, "line 999"), tail, StringComparison.Ordinal);
        Assert.Matches(@"\A\d{4}-\d\d-\d\dT", tail);
    }

    [Fact]
    public async Task A_byte_range_answer_shorter_than_the_whole_log_counts_as_truncated()
    {
        var text = Line(0, "partial first line") + Line(1, "last");

        var (tail, truncated) = await JobLogTail.ReadTailAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), 1024, 16 * 1024, totalLength: 10_000, CancellationToken.None);

        Assert.True(truncated);
        Assert.Equal(Line(1, "last"), tail);
    }

    [Fact]
    public void Lines_lose_their_timestamp_and_the_byte_order_mark_and_untimed_lines_are_kept()
    {
        var lines = JobLogTail.Parse("\uFEFF" + Line(0, "##[group]Run x") + "no time here\r\n" + Line(2, "##[error]boom"));

        Assert.Equal(["##[group]Run x", "no time here", "##[error]boom"], lines.Select(l => l.Text));
        Assert.Equal([Start, (DateTimeOffset?)null, Start.AddSeconds(2)], lines.Select(l => l.Time));
    }

    [Fact]
    public void A_steps_section_is_its_lines_from_its_start_second_to_the_end_of_its_completion_second_and_the_last_of_them()
    {
        var lines = JobLogTail.Parse(Line(0, "setup") + Line(3.2, "test 1") + Line(5.9, "test 2") + "continued\n" + Line(6.1, "##[error]failed")
            + Line(7, "cleanup"));

        var (section, truncated) = JobLogTail.Section(lines, Start.AddSeconds(3), Start.AddSeconds(6), 100);
        var (last, cut) = JobLogTail.Section(lines, Start.AddSeconds(3), Start.AddSeconds(6), 2);

        Assert.Equal(["test 1", "test 2", "continued", "##[error]failed"], section.Select(l => l.Text));
        Assert.False(truncated);
        Assert.Equal(["continued", "##[error]failed"], last.Select(l => l.Text));
        Assert.True(cut);
    }

    [Fact]
    public void Without_step_times_or_matching_lines_the_section_is_the_end_of_the_log()
    {
        var lines = JobLogTail.Parse(Line(0, "a") + Line(1, "b") + Line(2, "c"));

        Assert.Equal(["b", "c"], JobLogTail.Section(lines, null, null, 2).Lines.Select(l => l.Text));
        Assert.Equal(["b", "c"], JobLogTail.Section(lines, Start.AddHours(1), Start.AddHours(2), 2).Lines.Select(l => l.Text));
    }
}
