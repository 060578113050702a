using Microsoft.Extensions.Time.Testing;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// The fake clock for a whole service host: the test sets and advances the time as with any
/// <see cref="FakeTimeProvider"/> (expiry, refresh windows, cache ages without waiting), while timers, delays and
/// timestamps keep running in real time. A plain <see cref="FakeTimeProvider"/> fires timers only when the test
/// advances it, and a host runs background loops, HTTP and resilience timeouts and connection waits on its clock.
/// </summary>
public sealed class HostTimeProvider() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);

    public override long GetTimestamp() => System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;
}
