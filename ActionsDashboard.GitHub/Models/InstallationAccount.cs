using System.Text.Json.Serialization;

namespace ActionsDashboard.GitHub.Models;

/// <summary>The account an app is installed on: a user or organisation (login), or an enterprise (slug).</summary>
public sealed record InstallationAccount
{
    public long Id { get; init; }
    public string? Login { get; init; }
    public string? Slug { get; init; }
    public string? Name { get; init; }
    public string? Type { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HtmlUrl { get; init; }

    [JsonIgnore]
    public string DisplayName => Login ?? Slug ?? Name ?? Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
