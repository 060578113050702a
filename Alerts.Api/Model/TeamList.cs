namespace Alerts.Api.Model;

/// <summary>GitHubProxy.Api's <c>GET /internal/users/{userId}/teams</c> answer (the fields used here).</summary>
public sealed record TeamList(long UserId, IReadOnlyList<TeamEntry> Teams, DateTimeOffset? ExpiresAt = null)
{
    public static TeamList Nothing(long userId) => new(userId, []);

    /// <summary>The teams (<c>organization/slug</c>, lower case) the list grants now: none once it has expired.</summary>
    public IReadOnlySet<string> Names(DateTimeOffset now) => ExpiresAt is { } expiresAt && expiresAt <= now
        ? new HashSet<string>()
        : Teams.Select(t => t.Team.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
}

/// <summary>One team of <see cref="TeamList"/>.</summary>
public sealed record TeamEntry(string Team, string? Organization = null, string? Slug = null, string? Name = null);
