using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ActionsDashboard.GitHub.Rest;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Tests.Infrastructure;

/// <summary>An in-memory stand-in for api.github.com: answers through a routing function and records every request.</summary>
public sealed class FakeGitHubHandler(Func<RecordedRequest, HttpResponseMessage> respond) : HttpMessageHandler
{
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Awaited before answering; lets a test hold a request open.</summary>
    public Func<RecordedRequest, Task>? BeforeRespond { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Headers.ToDictionary(
            h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Headers.Authorization, body);
        lock (_requests)
        {
            _requests.Add(recorded);
        }
        if (BeforeRespond is not null)
        {
            await BeforeRespond(recorded);
        }
        var response = respond(recorded);
        response.RequestMessage = request;
        return response;
    }
}

public sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers,
    AuthenticationHeaderValue? Authorization, string? Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string PathAndQuery => Uri.PathAndQuery;
}

public static class FakeResponses
{
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseHeaders>? headers = null)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("X-GitHub-Request-Id", "CAFE:1234:5678:9ABC:65F0A000");
        headers?.Invoke(response.Headers);
        return response;
    }

    public static HttpResponseMessage Json(byte[] json, HttpStatusCode status = HttpStatusCode.OK, Action<HttpResponseHeaders>? headers = null) =>
        Json(Encoding.UTF8.GetString(json), status, headers);

    public static HttpResponseMessage Status(HttpStatusCode status, Action<HttpResponseHeaders>? headers = null)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent([]) };
        headers?.Invoke(response.Headers);
        return response;
    }

    /// <summary>The rate-limit headers GitHub puts on every REST answer.</summary>
    public static void RateLimit(HttpResponseHeaders headers, int limit, int remaining, int used, long reset, string resource = "core")
    {
        headers.TryAddWithoutValidation("x-ratelimit-limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-ratelimit-remaining", remaining.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-ratelimit-used", used.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation("x-ratelimit-resource", resource);
    }
}

public static class TestClients
{
    public static readonly DateTimeOffset Now = new(2024, 3, 11, 13, 30, 0, TimeSpan.Zero);

    public static IOptions<GitHubOptions> Options(Action<GitHubOptions>? configure = null)
    {
        var options = new GitHubOptions
        {
            ClientId = "Iv1.testclientid",
            ClientSecret = "test-client-secret",
            AppId = "12345",
        };
        configure?.Invoke(options);
        return Microsoft.Extensions.Options.Options.Create(options);
    }

    public static GitHubRestClient Rest(FakeGitHubHandler handler, TimeProvider? time = null, Action<GitHubOptions>? configure = null,
        GitHubTokenProvider? tokenProvider = null) =>
        new(new HttpClient(handler), Options(configure), time ?? new FakeTimeProvider(Now), tokenProvider);
}
