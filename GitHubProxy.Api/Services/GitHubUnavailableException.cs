namespace GitHubProxy.Api.Services;

/// <summary>GitHub could not be asked and nothing was cached: the rate limit is used up, or GitHub failed.</summary>
public sealed class GitHubUnavailableException(string message, TimeSpan? retryAfter = null, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
