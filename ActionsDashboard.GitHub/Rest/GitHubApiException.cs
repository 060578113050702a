using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ActionsDashboard.GitHub.Rest;

/// <summary>A GitHub REST call failed. <see cref="Exception.Message"/> is written for a person.</summary>
public sealed class GitHubApiException : Exception
{
    private static readonly TimeSpan SecondaryLimitDefaultWait = TimeSpan.FromMinutes(1);

    public GitHubApiException(GitHubErrorKind kind, HttpStatusCode statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
    }

    public GitHubErrorKind Kind { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>GitHub's own <c>message</c> from the error body.</summary>
    public string? GitHubMessage { get; init; }

    public string? DocumentationUrl { get; init; }

    public IReadOnlyList<GitHubValidationError> Errors { get; init; } = [];

    /// <summary>How long to wait before retrying, for rate limits (from <c>retry-after</c> or <c>x-ratelimit-reset</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public RateLimit? RateLimit { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The request's method and URL (never holds a token: tokens only travel in the Authorization header).</summary>
    public string? Request { get; init; }

    public bool IsRateLimit => Kind is GitHubErrorKind.PrimaryRateLimit or GitHubErrorKind.SecondaryRateLimit or GitHubErrorKind.TooManyRequests;

    internal static GitHubApiException FromResponse(HttpResponseMessage response, string? body, DateTimeOffset now)
    {
        var status = response.StatusCode;
        var code = (int)status;
        var rateLimit = RateLimit.FromHeaders(response.Headers);
        var (gitHubMessage, documentationUrl, errors) = ReadBody(body);
        var retryAfterHeader = ReadRetryAfter(response, now);
        var request = response.RequestMessage is { } message ? $"{message.Method} {message.RequestUri?.AbsolutePath}" : null;

        // GitHub signals both kinds of rate limit with 403 or 429; the headers and message tell them apart.
        // https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#exceeding-the-rate-limit
        var mentionsSecondary = gitHubMessage?.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase) == true;
        var kind = code switch
        {
            401 => GitHubErrorKind.Unauthorized,
            403 or 429 when rateLimit is { Remaining: 0 } && !mentionsSecondary => GitHubErrorKind.PrimaryRateLimit,
            403 or 429 when mentionsSecondary => GitHubErrorKind.SecondaryRateLimit,
            403 when retryAfterHeader is not null => GitHubErrorKind.SecondaryRateLimit,
            403 => GitHubErrorKind.PermissionDenied,
            429 => GitHubErrorKind.TooManyRequests,
            404 => GitHubErrorKind.NotFound,
            409 => GitHubErrorKind.Conflict,
            410 => GitHubErrorKind.Gone,
            400 or 422 => GitHubErrorKind.ValidationFailed,
            >= 500 and <= 599 => GitHubErrorKind.ServerError,
            _ => GitHubErrorKind.Unexpected,
        };

        // Without retry-after: wait for the reset when the budget is gone, otherwise at least a minute.
        TimeSpan? retryAfter = kind switch
        {
            GitHubErrorKind.PrimaryRateLimit => retryAfterHeader ?? UntilReset(rateLimit!, now),
            GitHubErrorKind.SecondaryRateLimit => retryAfterHeader
                ?? (rateLimit is { Remaining: 0 } ? UntilReset(rateLimit, now) : SecondaryLimitDefaultWait),
            _ => retryAfterHeader,
        };

        return new GitHubApiException(kind, status, Describe(kind, code, gitHubMessage, errors, retryAfter, rateLimit, request))
        {
            GitHubMessage = gitHubMessage,
            DocumentationUrl = documentationUrl,
            Errors = errors,
            RetryAfter = retryAfter,
            RateLimit = rateLimit,
            RequestId = response.Headers.TryGetValues("X-GitHub-Request-Id", out var id) ? id.FirstOrDefault() : null,
            Request = request,
        };
    }

    private static TimeSpan UntilReset(RateLimit rateLimit, DateTimeOffset now)
    {
        var wait = rateLimit.Reset - now;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static TimeSpan? ReadRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }
        if (retryAfter?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static string Describe(GitHubErrorKind kind, int code, string? gitHubMessage, IReadOnlyList<GitHubValidationError> errors,
        TimeSpan? retryAfter, RateLimit? rateLimit, string? request)
    {
        var said = string.IsNullOrWhiteSpace(gitHubMessage) ? "" : $" GitHub said: \"{gitHubMessage}\".";
        var wait = retryAfter is { } r ? $"retry in {Math.Max(1, (int)Math.Ceiling(r.TotalSeconds))} seconds" : "retry later";
        return kind switch
        {
            GitHubErrorKind.Unauthorized =>
                "GitHub rejected the token (401): it is missing, revoked or expired. Sign in to GitHub again." + said,
            GitHubErrorKind.PermissionDenied =>
                "GitHub refused the request (403): this token lacks the permission for it, or the action is not allowed here." + said,
            GitHubErrorKind.PrimaryRateLimit =>
                $"GitHub's rate limit for this token is used up; it resets at {rateLimit!.Reset.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC.",
            GitHubErrorKind.SecondaryRateLimit =>
                $"GitHub's secondary rate limit was hit (too many requests at once or too fast); {wait}.",
            GitHubErrorKind.TooManyRequests =>
                $"GitHub is receiving too many requests from this client (429); {wait}.",
            GitHubErrorKind.NotFound =>
                $"GitHub found nothing at {request ?? "this address"} (404): it does not exist, or this token cannot see it.",
            GitHubErrorKind.Conflict =>
                "GitHub refused the request because of the resource's current state (409)." + said,
            GitHubErrorKind.Gone =>
                $"GitHub says {request ?? "this resource"} is gone (410): it was removed or the feature is disabled." + said,
            GitHubErrorKind.ValidationFailed =>
                $"GitHub rejected the request as invalid ({code})." + said + DescribeErrors(errors),
            GitHubErrorKind.ServerError =>
                $"GitHub had a server error ({code}); try again in a moment.",
            _ => $"GitHub answered with an unexpected status {code}." + said,
        };
    }

    private static string DescribeErrors(IReadOnlyList<GitHubValidationError> errors)
    {
        if (errors.Count == 0)
        {
            return "";
        }
        var parts = errors.Select(e => e.Message
            ?? string.Join(" ", new[] { e.Resource, e.Field, e.Code }.Where(p => !string.IsNullOrEmpty(p))));
        return " Problems: " + string.Join("; ", parts) + ".";
    }

    private static (string? Message, string? DocumentationUrl, IReadOnlyList<GitHubValidationError> Errors) ReadBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, []);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, []);
            }
            var message = GetString(root, "message");
            var documentationUrl = GetString(root, "documentation_url");
            var errors = new List<GitHubValidationError>();
            if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in list.EnumerateArray())
                {
                    // GitHub sends objects ({resource, field, code, message}) on most endpoints, plain strings on some.
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        errors.Add(new GitHubValidationError(null, null, null, item.GetString()));
                    }
                    else if (item.ValueKind == JsonValueKind.Object)
                    {
                        errors.Add(new GitHubValidationError(GetString(item, "resource"), GetString(item, "field"),
                            GetString(item, "code"), GetString(item, "message")));
                    }
                }
            }
            return (message, documentationUrl, errors);
        }
        catch (JsonException)
        {
            // An HTML error page from a proxy or load balancer: keep the status, drop the body.
            return (null, null, []);
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
