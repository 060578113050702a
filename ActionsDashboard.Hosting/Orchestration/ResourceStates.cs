using System.Collections.Concurrent;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>The lifecycle states the dashboard shows (Aspire's vocabulary).</summary>
public enum ResourceState
{
    /// <summary>Not started yet: waiting for what it depends on to be healthy.</summary>
    Waiting,

    /// <summary>The process runs but has not passed its health check yet.</summary>
    Starting,

    /// <summary>Running and healthy.</summary>
    Running,

    /// <summary>Running, but its health check fails.</summary>
    Unhealthy,

    /// <summary>The process ended by itself (see the exit code); it is restarted with back-off.</summary>
    Exited,

    /// <summary>It could not be started at all (a missing binary, a port in use...).</summary>
    FailedToStart,

    Stopping,

    /// <summary>Stopped by the orchestrator when the application shut down.</summary>
    Finished,
}

public sealed record HealthReportEntry(string Name, string Status, string? Description, double DurationMs);

public sealed record LogLine(long Sequence, DateTimeOffset Time, string Stream, string Text);

/// <summary>A point-in-time view of one resource.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    int? ExitCode,
    int? ProcessId,
    int RestartCount,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<HealthReportEntry> HealthReports,
    string? Message,
    IReadOnlyList<string> WaitsFor);

/// <summary>Holds every resource's current state and console output, and tells waiters when it changes.</summary>
public sealed class ResourceNotificationService
{
    private const int MaxLogLines = 2000;
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LogBuffer> _logs = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action<ResourceSnapshot>? StateChanged;

    public IReadOnlyList<ResourceSnapshot> GetAll()
    {
        lock (_gate)
        {
            return _order.Select(n => _snapshots[n]).ToList();
        }
    }

    public ResourceSnapshot Get(string name) =>
        _snapshots.TryGetValue(name, out var snapshot) ? snapshot : throw new KeyNotFoundException($"No resource named '{name}'.");

    public bool TryGet(string name, out ResourceSnapshot snapshot) => _snapshots.TryGetValue(name, out snapshot!);

    internal void Register(ResourceSnapshot snapshot)
    {
        lock (_gate)
        {
            _order.Add(snapshot.Name);
            _snapshots[snapshot.Name] = snapshot;
            _logs[snapshot.Name] = new LogBuffer(MaxLogLines);
        }
    }

    internal ResourceSnapshot Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ResourceSnapshot updated;
        TaskCompletionSource changed;
        lock (_gate)
        {
            updated = change(_snapshots[name]);
            _snapshots[name] = updated;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
        StateChanged?.Invoke(updated);
        return updated;
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the resource.</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var current = Get(name);
            if (predicate(current))
            {
                return current;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<ResourceSnapshot> WaitForHealthyAsync(string name, CancellationToken cancellationToken) =>
        WaitForAsync(name, s => s.State == ResourceState.Running, cancellationToken);

    /// <summary>Waits until every resource is running and healthy.</summary>
    public async Task WaitForAllHealthyAsync(CancellationToken cancellationToken)
    {
        foreach (var name in GetAll().Select(s => s.Name))
        {
            await WaitForHealthyAsync(name, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void AppendLog(string name, string stream, string text)
    {
        if (_logs.TryGetValue(name, out var buffer))
        {
            buffer.Add(stream, text);
        }
    }

    /// <summary>Console lines after <paramref name="afterSequence"/> (0 for all that are kept).</summary>
    public IReadOnlyList<LogLine> GetLogs(string name, long afterSequence = 0) =>
        _logs.TryGetValue(name, out var buffer) ? buffer.After(afterSequence) : [];

    private sealed class LogBuffer(int capacity)
    {
        private readonly Queue<LogLine> _lines = new();
        private long _sequence;

        public void Add(string stream, string text)
        {
            lock (_lines)
            {
                _lines.Enqueue(new LogLine(++_sequence, DateTimeOffset.UtcNow, stream, text));
                while (_lines.Count > capacity)
                {
                    _lines.Dequeue();
                }
            }
        }

        public IReadOnlyList<LogLine> After(long sequence)
        {
            lock (_lines)
            {
                return _lines.Where(l => l.Sequence > sequence).ToList();
            }
        }
    }
}
