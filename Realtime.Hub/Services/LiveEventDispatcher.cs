using System.Text.Json;
using ActionsDashboard.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Realtime.Hub.Services;

/// <summary>
/// Gives each event its id, keeps it for resume and sends it to the repository's subscribers on both transports.
/// Subscribing (join + replay) and dispatching take the same gate, so a client that joins gets every event exactly
/// once: those before the join from the replay buffer, those after live.
/// </summary>
public sealed partial class LiveEventDispatcher(
    ReplayBuffer buffer,
    ConnectionRegistry registry,
    IHubContext<LiveUpdatesHub> hub,
    RealtimeMetrics metrics,
    IOptions<RealtimeOptions> options,
    ILogger<LiveEventDispatcher> logger)
{
    public static readonly JsonSerializerOptions JsonOptions = ContractJson.CreateOptions();

    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<LiveEvent> DispatchAsync(string name, string repository, Func<string, object> createPayload, CancellationToken cancellationToken = default)
    {
        var key = RepositoryNames.Key(repository);
        LiveEvent liveEvent;
        Task groupSend;
        await _gate.WaitAsync(cancellationToken);
        // Started once the gate is held: a long wait for it must not eat into the clients' time.
        using var timeout = new CancellationTokenSource(options.Value.SendTimeout);
        try
        {
            liveEvent = buffer.Append(sequence =>
            {
                var payload = createPayload(EventIds.Format(sequence));
                return new LiveEvent(sequence, name, key, payload, JsonSerializer.Serialize(payload, payload.GetType(), JsonOptions));
            });

            foreach (var stream in registry.StreamsFor(key))
            {
                stream.Enqueue(liveEvent);
            }

            // The group's members are read before this call returns, so the gate orders it against joins; the writes
            // themselves are awaited outside the gate.
            groupSend = hub.Clients.Group(key).SendAsync(name, liveEvent.Payload, timeout.Token);
        }
        finally
        {
            _gate.Release();
        }

        try
        {
            await groupSend;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            LogSendFailed(logger, exception, name, repository);
        }

        metrics.EventDispatched(name);
        return liveEvent;
    }

    /// <summary>Runs <paramref name="action"/> with no event being dispatched meanwhile.</summary>
    public async Task<T> WithGateAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await action();
        }
        finally
        {
            _gate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {EventName} for {Repository} to SignalR clients did not complete.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string eventName, string repository);
}
