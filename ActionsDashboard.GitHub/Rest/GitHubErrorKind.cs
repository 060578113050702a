namespace ActionsDashboard.GitHub.Rest;

/// <summary>What went wrong, in terms a caller can act on.</summary>
public enum GitHubErrorKind
{
    /// <summary>401: the token is missing, revoked or expired.</summary>
    Unauthorized,
    /// <summary>403 that is not a rate limit: the token lacks a scope or permission, or the action is not allowed.</summary>
    PermissionDenied,
    /// <summary>403/429 with <c>x-ratelimit-remaining: 0</c>: the hourly budget is used up until the reset time.</summary>
    PrimaryRateLimit,
    /// <summary>403/429 for too many requests at once or too fast; wait <see cref="GitHubApiException.RetryAfter"/>.</summary>
    SecondaryRateLimit,
    /// <summary>404: missing, or private and not visible to this token (GitHub answers 404 rather than 403).</summary>
    NotFound,
    /// <summary>409: e.g. cancelling a run that has already completed.</summary>
    Conflict,
    /// <summary>410: the resource was removed or the feature is disabled.</summary>
    Gone,
    /// <summary>400 or 422: GitHub rejected the request's parameters.</summary>
    ValidationFailed,
    /// <summary>429 that GitHub did not label as a rate limit.</summary>
    TooManyRequests,
    /// <summary>5xx: GitHub failed; retrying later may work.</summary>
    ServerError,
    /// <summary>Anything else: an unexpected status, a redirect off the API host, or a body that could not be read.</summary>
    Unexpected,
}
