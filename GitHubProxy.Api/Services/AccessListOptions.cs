namespace GitHubProxy.Api.Services;

/// <summary>The <c>AccessList</c> section: the key Realtime.Hub presents on <c>/internal/users/{userId}/access</c>.</summary>
public sealed class AccessListOptions
{
    public const string SectionName = "AccessList";

    public string? ApiKey { get; set; }

    public override string ToString() => "AccessListOptions { ApiKey = *** }";
}
