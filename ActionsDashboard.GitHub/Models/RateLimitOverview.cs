using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

/// <summary><c>GET /rate_limit</c> (which does not itself count against the limit).</summary>
public sealed record RateLimitOverview
{
    public IReadOnlyDictionary<string, RateLimitResource> Resources { get; init; } = new Dictionary<string, RateLimitResource>();

    /// <summary>Deprecated duplicate of <c>resources.core</c>; still sent under API version 2022-11-28.</summary>
    public RateLimitResource? Rate { get; init; }

    [JsonIgnore]
    public RateLimitResource? Core => Resources.TryGetValue("core", out var core) ? core : Rate;
}

public sealed record RateLimitResource
{
    public int Limit { get; init; }
    public int Used { get; init; }
    public int Remaining { get; init; }
    /// <summary>Unix seconds.</summary>
    public long Reset { get; init; }

    [JsonIgnore]
    public DateTimeOffset ResetAt => DateTimeOffset.FromUnixTimeSeconds(Reset);
}
