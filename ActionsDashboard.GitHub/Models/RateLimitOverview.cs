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
