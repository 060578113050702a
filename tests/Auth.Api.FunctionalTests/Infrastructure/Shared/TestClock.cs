namespace ActionsDashboard.FunctionalTests;

/// <summary>A clock the test moves: idle and absolute expiry, token refresh windows, without waiting.</summary>
public sealed class TestClock : TimeProvider
{
    private readonly Lock _sync = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_sync)
        {
            _now += by;
        }
    }
}
