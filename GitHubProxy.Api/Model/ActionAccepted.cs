namespace GitHubProxy.Api.Model;

public sealed record ActionAccepted(string Status)
{
    public static readonly ActionAccepted Requested = new("requested");
}
