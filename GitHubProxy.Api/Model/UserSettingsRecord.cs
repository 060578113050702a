namespace GitHubProxy.Api.Model;

/// <summary>One user's <see cref="Settings"/> (<c>dashboarddb.user_settings</c>).</summary>
public sealed class UserSettingsRecord
{
    public long UserId { get; set; }
    public Settings Settings { get; set; } = Settings.Default;
    public DateTimeOffset UpdatedAt { get; set; }
}
