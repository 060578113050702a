namespace GitHub.Simulator.Services;

/// <summary>What the simulator was asked: counts per route template and per token, and the latest requests.</summary>
public sealed class RequestLog(TimeProvider time)
{
    private const int MaxRecent = 200;

    private readonly Lock _sync = new();
    private readonly Dictionary<string, int> _byRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _byStatus = [];
    private readonly Queue<RequestLogEntry> _recent = new();
    private int _total;

    public void Record(string method, string routeTemplate, string path, string? tokenId, int statusCode)
    {
        var route = $"{method} {routeTemplate}";
        lock (_sync)
        {
            _total++;
            _byRoute[route] = _byRoute.GetValueOrDefault(route) + 1;
            var token = tokenId ?? "(none)";
            _byToken[token] = _byToken.GetValueOrDefault(token) + 1;
            _byStatus[statusCode] = _byStatus.GetValueOrDefault(statusCode) + 1;
            _recent.Enqueue(new RequestLogEntry(time.GetUtcNow(), route, path, tokenId, statusCode));
            while (_recent.Count > MaxRecent)
            {
                _recent.Dequeue();
            }
        }
    }

    public (int Total, IReadOnlyDictionary<string, int> ByRoute, IReadOnlyDictionary<string, int> ByToken, IReadOnlyDictionary<int, int> ByStatus,
        IReadOnlyList<RequestLogEntry> Recent) Snapshot()
    {
        lock (_sync)
        {
            return (_total,
                new SortedDictionary<string, int>(_byRoute, StringComparer.Ordinal),
                new SortedDictionary<string, int>(_byToken, StringComparer.Ordinal),
                new SortedDictionary<int, int>(_byStatus),
                _recent.Reverse().ToList());
        }
    }

    public void Clear()
    {
        lock (_sync)
        {
            _total = 0;
            _byRoute.Clear();
            _byToken.Clear();
            _byStatus.Clear();
            _recent.Clear();
        }
    }
}
