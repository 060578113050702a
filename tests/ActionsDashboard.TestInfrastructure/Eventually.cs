namespace ActionsDashboard.TestInfrastructure;

/// <summary>Awaits a condition instead of sleeping for a guessed time.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public static async Task<T> WaitForAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> isDone,
        TimeSpan timeout,
        string because)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (isDone(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} {because}; last value: {value}");
            }

            await Task.Delay(50);
        }
    }

    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        WaitForAsync(() => Task.FromResult(condition()), done => done, timeout, because);

    /// <summary>Waits until <paramref name="condition"/> holds (15 s unless told).</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null) =>
        WaitForAsync(condition, done => done, timeout ?? DefaultTimeout, because);

    /// <summary>Waits until <paramref name="probe"/> finds something, and returns it (15 s unless told).</summary>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string because, TimeSpan? timeout = null) where T : class =>
        (await WaitForAsync(probe, value => value is not null, timeout ?? DefaultTimeout, because))!;
}
