using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace ActionsDashboard.GitHub.Rest;

/// <summary>What every successful (2xx or 304) GitHub response carries besides its body.</summary>
public class GitHubResponse
{
    internal GitHubResponse(HttpResponseMessage response, Uri requestUri)
    {
        var headers = response.Headers;
        StatusCode = response.StatusCode;
        ETag = headers.ETag?.ToString();
        // Last-Modified is a content header in HttpClient's model.
        LastModified = response.Content.Headers.LastModified;
        RateLimit = RateLimit.FromHeaders(headers);
        Links = LinkHeader.Parse(headers.TryGetValues("Link", out var link) ? string.Join(", ", link) : null, requestUri);
        RequestId = headers.TryGetValues("X-GitHub-Request-Id", out var requestId) ? requestId.FirstOrDefault() : null;
    }

    internal GitHubResponse(GitHubResponse metadata)
    {
        StatusCode = metadata.StatusCode;
        ETag = metadata.ETag;
        LastModified = metadata.LastModified;
        RateLimit = metadata.RateLimit;
        Links = metadata.Links;
        RequestId = metadata.RequestId;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>
    /// Pass back as <see cref="GitHubRequestOptions.IfNoneMatch"/> next time: a 304 answer does not count against
    /// the rate limit (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate).
    /// </summary>
    public string? ETag { get; }

    public DateTimeOffset? LastModified { get; }

    public RateLimit? RateLimit { get; }

    public LinkHeader Links { get; }

    /// <summary><c>X-GitHub-Request-Id</c>, for GitHub support.</summary>
    public string? RequestId { get; }

    /// <summary>GitHub answered 304: what the caller holds for this ETag is still current.</summary>
    public bool IsNotModified => StatusCode == HttpStatusCode.NotModified;
}

/// <summary>A body (<see cref="Value"/>) or, after a conditional request, <see cref="GitHubResponse.IsNotModified"/>.</summary>
public sealed class GitHubResponse<T> : GitHubResponse where T : class
{
    internal GitHubResponse(GitHubResponse metadata, T? value) : base(metadata) => Value = value;

    /// <summary>Null exactly when <see cref="GitHubResponse.IsNotModified"/>.</summary>
    public T? Value { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    public bool HasValue => Value is not null;

    public T GetValueOrThrow() =>
        Value ?? throw new InvalidOperationException("GitHub answered 304 Not Modified: there is no body; keep using the cached copy for this ETag.");
}
