using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

/// <summary>A GitHub App installation (<c>/user/installations</c> and the <c>installation</c> key of webhooks).</summary>
/// <remarks>Webhooks other than <c>installation*</c> carry only <c>id</c> and <c>node_id</c> here.</remarks>
public sealed record Installation
{
    public long Id { get; init; }
    public InstallationAccount? Account { get; init; }
    public long? AppId { get; init; }
    public string? AppSlug { get; init; }
    public long? TargetId { get; init; }
    /// <summary><c>User</c>, <c>Organization</c> or <c>Enterprise</c>.</summary>
    public string? TargetType { get; init; }
    /// <summary><c>all</c> or <c>selected</c>.</summary>
    public string? RepositorySelection { get; init; }
    /// <summary>Permission name to access level (<c>read</c>, <c>write</c>, <c>admin</c>).</summary>
    public IReadOnlyDictionary<string, string>? Permissions { get; init; }
    public IReadOnlyList<string>? Events { get; init; }
    public string? HtmlUrl { get; init; }

    // GitHub sends these as ISO strings in REST and as Unix seconds in installation webhooks.
    [JsonConverter(typeof(GitHubTimestampConverter))]
    public DateTimeOffset? CreatedAt { get; init; }
    [JsonConverter(typeof(GitHubTimestampConverter))]
    public DateTimeOffset? SuspendedAt { get; init; }
}
