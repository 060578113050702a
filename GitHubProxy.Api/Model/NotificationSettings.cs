namespace GitHubProxy.Api.Model;

public sealed record NotificationSettings
{
    public bool FailedRunsOnPinned { get; init; }
}
