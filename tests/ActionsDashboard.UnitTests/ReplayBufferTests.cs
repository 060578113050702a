using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Realtime.Hub.Model;
using Realtime.Hub.Services;

namespace ActionsDashboard.UnitTests;

/// <summary>Resume after <c>Last-Event-ID</c>: the events after an id, in order, or "a gap" when they are gone.</summary>
public sealed class ReplayBufferTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static ReplayBuffer Buffer(int size) =>
        new(Options.Create(new RealtimeOptions { ReplayBufferSize = size }), new FakeTimeProvider(Started));

    private static List<LiveEvent> AppendRuns(ReplayBuffer buffer, params string[] repositories) =>
        repositories.Select(repository => buffer.Append(sequence => new LiveEvent(sequence, "run", repository, 1, new object(), "{}"))).ToList();

    [Fact]
    public void Sequences_start_at_the_instance_start_in_microseconds_and_are_contiguous()
    {
        var buffer = Buffer(8);
        var appended = AppendRuns(buffer, "a/a", "a/a", "a/a");

        Assert.Equal(Started.ToUnixTimeMilliseconds() * 1_000, buffer.FirstSequence);
        Assert.Equal([buffer.FirstSequence, buffer.FirstSequence + 1, buffer.FirstSequence + 2], appended.Select(e => e.Sequence));
        Assert.Equal(buffer.FirstSequence + 2, buffer.LastSequence);
    }

    [Fact]
    public void The_events_after_an_id_come_oldest_first_and_only_those_that_pass_the_filter()
    {
        var buffer = Buffer(8);
        var appended = AppendRuns(buffer, "a/a", "b/b", "a/a", "b/b", "a/a");

        Assert.True(buffer.TryGetAfter(appended[0].Sequence, e => e.RepositoryKey == "a/a", out var events));

        Assert.Equal([appended[2].Sequence, appended[4].Sequence], events.Select(e => e.Sequence));
    }

    [Fact]
    public void The_newest_id_is_answered_with_nothing_to_replay()
    {
        var buffer = Buffer(4);
        AppendRuns(buffer, "a/a", "a/a");

        Assert.True(buffer.TryGetAfter(buffer.LastSequence, _ => true, out var events));
        Assert.Empty(events);
    }

    [Fact]
    public void Ids_older_than_the_buffer_keeps_are_a_gap()
    {
        var buffer = Buffer(3);
        var appended = AppendRuns(buffer, "a/a", "a/a", "a/a", "a/a", "a/a");

        // Three kept (the last three): resuming after the event just before them still gets all three.
        Assert.True(buffer.TryGetAfter(appended[1].Sequence, _ => true, out var kept));
        Assert.Equal(appended.Skip(2).Select(e => e.Sequence), kept.Select(e => e.Sequence));
        Assert.False(buffer.TryGetAfter(appended[0].Sequence, _ => true, out _));
    }

    [Fact]
    public void An_id_this_instance_never_gave_out_is_a_gap()
    {
        var buffer = Buffer(8);
        AppendRuns(buffer, "a/a");

        Assert.False(buffer.TryGetAfter(buffer.LastSequence + 1, _ => true, out _));
        Assert.False(buffer.TryGetAfter(buffer.FirstSequence - 1_000_000, _ => true, out _));
    }
}
