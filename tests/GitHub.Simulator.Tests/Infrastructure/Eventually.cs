namespace GitHub.Simulator.Tests.Infrastructure;

/// <summary>Waits for a condition that becomes true in the background (a delivery sent, a step taken), with a deadline.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null) where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {(timeout ?? DefaultTimeout).TotalSeconds} s waiting for {what}.");
            }
            // A short poll interval: the condition is in another process's queue, there is nothing to await directly.
            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        await ReturnsAsync<object>(async () => await probe() ? new object() : null, what, timeout);
}
