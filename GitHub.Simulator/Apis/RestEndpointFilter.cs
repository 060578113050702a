using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Apis;

/// <summary>
/// What GitHub does around every REST call: the token (401), the budget (403 primary or secondary limit),
/// <c>ETag</c>/<c>If-None-Match</c> (a 304 is free), the <c>x-ratelimit-*</c>, <c>x-github-request-id</c> and
/// <c>x-github-api-version-selected</c> headers, and the request log.
/// </summary>
public sealed class RestEndpointFilter(TokenStore tokens, World world, RateLimiter limiter, RequestLog log, IOptionsMonitor<SimulatorOptions> options)
    : IEndpointFilter
{
    private const string CallerKey = "GitHub.Simulator.Caller";

    /// <summary>The caller the filter authenticated for this request.</summary>
    public static Caller CallerOf(HttpContext context) =>
        context.Items[CallerKey] as Caller ?? throw new InvalidOperationException("The REST filter did not run for this endpoint.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = http.GetEndpoint()?.Metadata.GetMetadata<RestAccess>() ?? RestAccess.Token;
        AddStandardHeaders(http);

        var (caller, refusal) = Authenticate(http, access);
        GitHubResult result;
        if (refusal is not null || caller is null)
        {
            result = refusal ?? GitHubResult.BadCredentials();
            // As measured on api.github.com: a refusal is counted against whoever asked and carries that budget's
            // x-ratelimit-* headers (a 401 "Requires authentication" the address's anonymous budget); only a 401
            // "Bad credentials", whose credential resolves to nobody, carries none and costs nothing.
            if (caller is not null)
            {
                AddRateLimitHeaders(result, limiter.Consume(caller.TokenId, LimitFor(caller)));
            }
        }
        else
        {
            var limit = LimitFor(caller);
            var budget = limiter.Peek(caller.TokenId, limit);
            if (limiter.IsSecondaryLimited(caller.TokenId))
            {
                result = GitHubResult.Error(StatusCodes.Status403Forbidden,
                        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", GitHubDocs.SecondaryRateLimits)
                    .WithHeader("retry-after", "60");
                AddRateLimitHeaders(result, budget);
            }
            else if (budget.Remaining <= 0)
            {
                result = GitHubResult.Error(StatusCodes.Status403Forbidden, $"API rate limit exceeded for {caller.RateLimitSubject}.", GitHubDocs.RateLimits);
                AddRateLimitHeaders(result, budget);
            }
            else
            {
                http.Items[CallerKey] = caller;
                result = await next(context) as GitHubResult
                    ?? throw new InvalidOperationException($"REST endpoint {http.Request.Path} must return a {nameof(GitHubResult)}.");
                if (HttpMethods.IsGet(http.Request.Method) && result.StatusCode == StatusCodes.Status200OK && result.ComputeETag() is { } etag)
                {
                    result.WithHeader("ETag", etag)
                        .WithHeader("Cache-Control", "private, max-age=60, s-maxage=60")
                        .WithHeader("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP");
                    if (Matches(http.Request.Headers.IfNoneMatch, etag))
                    {
                        // A conditional request answered 304 does not count against the rate limit.
                        var notModified = GitHubResult.NotModified().WithHeader("ETag", etag);
                        foreach (var header in result.Headers.Where(h => h.Key is "Link" or "Cache-Control" or "Vary"))
                        {
                            notModified.WithHeader(header.Key, header.Value);
                        }
                        result = notModified;
                    }
                }
                var counted = result.StatusCode != StatusCodes.Status304NotModified && !access.Free;
                AddRateLimitHeaders(result, counted ? limiter.Consume(caller.TokenId, limit) : limiter.Peek(caller.TokenId, limit));
            }
        }

        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern is { } pattern ? Template(pattern) : http.Request.Path.Value ?? "";
        log.Record(http.Request.Method, route, http.Request.Path.Value ?? "", caller?.TokenId ?? TokenIdOfHeader(http), result.StatusCode);
        return result;
    }

    /// <summary>The route as GitHub's docs write it: <c>/repos/{owner}/{repo}/actions/runs/{run_id}</c> (no constraints).</summary>
    internal static string Template(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern) =>
        "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));

    internal static void AddStandardHeaders(HttpContext http)
    {
        http.Response.Headers["x-github-request-id"] = NewRequestId();
        http.Response.Headers["x-github-api-version-selected"] = "2022-11-28";
        http.Response.Headers["x-github-media-type"] = "github.v3; format=json";
    }

    /// <summary>GitHub's request ids look like <c>CD3A:3C8E:1A2B3C:1B2C3D:65F0A1B2</c>.</summary>
    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[14];
        RandomNumberGenerator.Fill(bytes);
        var hex = Convert.ToHexString(bytes);
        return $"{hex[..4]}:{hex[4..8]}:{hex[8..14]}:{hex[14..20]}:{hex[20..28]}";
    }

    /// <summary>The bearer token of a request (<c>Bearer</c> or GitHub's older <c>token</c> scheme).</summary>
    public static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        foreach (var scheme in new[] { "Bearer ", "token " })
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                var token = header[scheme.Length..].Trim();
                return token.Length == 0 ? null : token;
            }
        }
        return null;
    }

    private static string? TokenIdOfHeader(HttpContext http) => ReadToken(http.Request) is { } token ? TokenStore.TokenId(token) : null;

    private (Caller? Caller, GitHubResult? Refusal) Authenticate(HttpContext http, RestAccess access)
    {
        var token = ReadToken(http.Request);
        if (token is null)
        {
            if (!string.IsNullOrWhiteSpace(http.Request.Headers.Authorization))
            {
                return (null, GitHubResult.BadCredentials());
            }
            var anonymous = Caller.Anonymous(http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
            return access.AllowAnonymous ? (anonymous, null) : (anonymous, GitHubResult.RequiresAuthentication());
        }

        var tokenId = TokenStore.TokenId(token);
        Caller? caller = null;
        lock (world.Sync)
        {
            if (tokens.FindUser(token) is { } login && world.FindAccount(login) is { } user)
            {
                caller = Caller.ForUser(user, tokenId);
            }
            else if (tokens.FindInstallationToken(token) is { } installationToken && world.FindInstallation(installationToken.InstallationId) is { } installation)
            {
                caller = Caller.ForInstallation(installation, tokenId);
            }
        }
        if (caller is null)
        {
            // Unknown, revoked, rotated or expired: GitHub says the same for all of them.
            return (null, GitHubResult.BadCredentials());
        }
        if (access.UserOnly && caller.Kind != CallerKind.User)
        {
            return (caller, GitHubResult.Error(StatusCodes.Status403Forbidden, "Resource not accessible by integration", GitHubDocs.Rest));
        }
        return (caller, null);
    }

    private int LimitFor(Caller caller)
    {
        var settings = options.CurrentValue.RateLimit;
        return caller.Kind switch
        {
            CallerKind.User => settings.PerHour,
            CallerKind.Installation => settings.InstallationPerHour,
            _ => settings.AnonymousPerHour,
        };
    }

    private static void AddRateLimitHeaders(GitHubResult result, RateLimitSnapshot budget)
    {
        result.WithHeader("x-ratelimit-limit", budget.Limit.ToString(CultureInfo.InvariantCulture))
            .WithHeader("x-ratelimit-remaining", budget.Remaining.ToString(CultureInfo.InvariantCulture))
            .WithHeader("x-ratelimit-used", budget.Used.ToString(CultureInfo.InvariantCulture))
            .WithHeader("x-ratelimit-reset", budget.Reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .WithHeader("x-ratelimit-resource", "core");
    }

    /// <summary>If-None-Match may list several tags, weak or strong, or <c>*</c>; GitHub's tags are compared weakly.</summary>
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        var ours = Opaque(etag);
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || Opaque(candidate) == ours)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
