namespace Realtime.Hub.Services;

/// <summary>Where the per-user access lists come from (<c>GitHubProxy</c> section).</summary>
public sealed class AccessListSourceOptions
{
    public const string SectionName = "GitHubProxy";

    /// <summary>A service-discovery name by default: <c>services:githubproxy-api:http:0</c> resolves it.</summary>
    public Uri BaseUrl { get; set; } = new("http://githubproxy-api");

    /// <summary>Sent as <c>Authorization: Bearer</c> to <c>/internal/users/{id}/access</c>.</summary>
    public string AccessListApiKey { get; set; } = "";
}
