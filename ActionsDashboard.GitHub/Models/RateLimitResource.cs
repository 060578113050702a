using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

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
