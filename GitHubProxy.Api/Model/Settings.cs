namespace GitHubProxy.Api.Model;

/// <summary>A user's dashboard settings (docs/contracts.md <c>Settings</c>); stored as one JSON document per user.</summary>
public sealed record Settings
{
    public const int MaxRepositories = 200;
    public const int MaxCategoryLength = 50;
    public const int MinRefreshSeconds = 15;
    public const int MaxRefreshSeconds = 3600;
    public const int MaxFollowedOwners = 20;
    public const int MaxExcludes = 500;
    public static readonly string[] Themes = ["light", "dark", "system"];

    public IReadOnlyList<SelectedRepository>? Repositories { get; init; } = [];
    public IReadOnlyList<string>? Pinned { get; init; } = [];
    /// <summary>Owners followed whole (<see cref="FollowedOwner"/>); their repositories join the selected ones.</summary>
    public IReadOnlyList<FollowedOwner>? FollowedOwners { get; init; } = [];
    public string? Theme { get; init; } = "system";
    public AutoRefreshSettings? AutoRefresh { get; init; } = new();
    public NotificationSettings? Notifications { get; init; } = new();

    public static Settings Default { get; } = new();
}
