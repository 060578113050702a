namespace Alerts.Api.Services;

/// <summary>Where users' access lists come from (<c>GitHubProxy</c> section), as Realtime.Hub reads them.</summary>
public sealed class AccessListOptions
{
    public const string SectionName = "GitHubProxy";

    /// <summary>A service-discovery name by default.</summary>
    public Uri BaseUrl { get; set; } = new("http://githubproxy-api");

    /// <summary>GitHubProxy.Api's <c>AccessList:ApiKey</c>, sent as <c>Authorization: Bearer</c>.</summary>
    public string AccessListApiKey { get; set; } = "";
}
