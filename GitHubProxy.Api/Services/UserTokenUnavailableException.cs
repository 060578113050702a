using System.Net;

namespace GitHubProxy.Api.Services;

/// <summary>Auth.Api would not hand out the user's GitHub token: the session is over (401) or a refresh failed (503).</summary>
public sealed class UserTokenUnavailableException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}
