using ActionsDashboard.Identity;

namespace Realtime.Hub.Services;

/// <summary>An <c>/events</c> stream: the request's loop (<see cref="Apis.EventStreamResult"/>) writes its queue.</summary>
public sealed class StreamLiveConnection(ConnectionRegistry registry, InternalIdentity identity, DateTimeOffset connectedAt, int queueLength)
    : LiveConnection(Guid.NewGuid().ToString("N"), registry, identity, connectedAt, queueLength)
{
    private readonly CancellationTokenSource _closed = new();

    public CancellationToken Closed => _closed.Token;

    protected override void OnClosed()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
