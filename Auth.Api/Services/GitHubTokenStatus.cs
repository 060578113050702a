namespace Auth.Api.Services;

public enum GitHubTokenStatus
{
    Ok,
    /// <summary>No such session, or it expired.</summary>
    NoSession,
    /// <summary>GitHub refused to refresh (revoked, expired or already used refresh token): the session was ended.</summary>
    SessionEnded,
    /// <summary>The token is due for refresh and GitHub could not be reached; the session is kept.</summary>
    Unavailable,
}
