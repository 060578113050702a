using Xunit.Abstractions;

namespace GitHubProxy.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Disposes <see cref="Value"/> within <paramref name="limit"/>: a teardown that does not finish by then is abandoned and
/// written to the test's output, so a host that hangs while stopping fails nothing it was not asked to check and cannot
/// hang the test run.
/// </summary>
public sealed class BoundedDisposal<T>(T value, TimeSpan limit, ITestOutputHelper output) : IAsyncDisposable
    where T : IAsyncDisposable
{
    public T Value { get; } = value;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Value.DisposeAsync().AsTask().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            output.WriteLine($"{typeof(T).Name} did not stop within {limit}; abandoned.");
        }
    }
}
