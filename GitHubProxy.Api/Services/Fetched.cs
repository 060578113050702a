using ActionsDashboard.GitHub.Rest;

namespace GitHubProxy.Api.Services;

/// <summary>What a fetch got from GitHub: a new value, or "not modified" for the ETag it sent.</summary>
public sealed record Fetched<T>(T? Value, string? ETag, RateLimit? RateLimit, bool NotModified)
{
    public static Fetched<T> From<TRaw>(GitHubResponse<TRaw> response, Func<TRaw, T> map) where TRaw : class =>
        response.IsNotModified || response.Value is null
            ? new Fetched<T>(default, response.ETag, response.RateLimit, NotModified: true)
            : new Fetched<T>(map(response.Value), response.ETag, response.RateLimit, NotModified: false);
}
