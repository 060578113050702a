using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ActionsDashboard.GitHub.Apps;
using ActionsDashboard.GitHub.Models;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Rest;

/// <summary>
/// The project's typed GitHub REST client (API version 2022-11-28). Errors are thrown as
/// <see cref="GitHubApiException"/>; a 304 answer to a conditional request is a normal result
/// (<see cref="GitHubResponse.IsNotModified"/>).
/// </summary>
public sealed class GitHubRestClient
{
    public const string ApiVersion = "2022-11-28";
    public const string MediaType = "application/vnd.github+json";

    private const int MaxRedirects = 5;
    private const int MaxErrorBodyChars = 64 * 1024;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly GitHubTokenProvider? _tokenProvider;
    private readonly string _apiBase;
    private readonly Uri _apiBaseUri;
    private readonly string _userAgent;

    public GitHubRestClient(HttpClient httpClient, IOptions<GitHubOptions> options, TimeProvider? timeProvider = null,
        GitHubTokenProvider? tokenProvider = null)
        : this(httpClient, (options ?? throw new ArgumentNullException(nameof(options))).Value, timeProvider ?? TimeProvider.System, tokenProvider)
    {
    }

    private GitHubRestClient(HttpClient httpClient, GitHubOptions options, TimeProvider timeProvider, GitHubTokenProvider? tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _time = timeProvider;
        _tokenProvider = tokenProvider;
        _apiBase = GitHubOptions.NormalizeBaseUrl(options.ApiBaseUrl);
        _apiBaseUri = new Uri(_apiBase, UriKind.Absolute);
        _userAgent = string.IsNullOrWhiteSpace(options.UserAgent) ? "ActionsDashboard" : options.UserAgent;
        Options = options;
    }

    internal GitHubOptions Options { get; }

    /// <summary>The same client (same HttpClient) that authenticates every call through <paramref name="tokenProvider"/>.</summary>
    public GitHubRestClient WithTokenProvider(GitHubTokenProvider tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        return new GitHubRestClient(_http, Options, _time, tokenProvider);
    }

    /// <summary>The same client, authenticating every call with <paramref name="token"/>.</summary>
    public GitHubRestClient WithToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return WithTokenProvider(_ => ValueTask.FromResult<string?>(token));
    }

    // ---- the authenticated user -------------------------------------------------------------------------------

    /// <summary><c>GET /user</c>.</summary>
    public Task<GitHubResponse<AuthenticatedUser>> GetAuthenticatedUserAsync(GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync("user", GitHubJsonContext.Default.AuthenticatedUser, request, cancellationToken);

    /// <summary><c>GET /user/teams</c>: the teams the user belongs to, across organisations (a GitHub App's user token needs
    /// the organisation permission "Members: read"; without it GitHub answers 403 or an empty list).</summary>
    public Task<GitHubResponse<GitHubPage<Team>>> ListTeamsForAuthenticatedUserAsync(PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute("user/teams" + QueryString.For(page)), TeamArray, request, cancellationToken);

    /// <summary><c>GET /user/repos</c>: repositories the user can reach, with their permissions.</summary>
    public Task<GitHubResponse<GitHubPage<Repository>>> ListRepositoriesForAuthenticatedUserAsync(RepositoriesQuery? query = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute("user/repos" + QueryString.For(query)), RepositoryArray, request, cancellationToken);

    public IAsyncEnumerable<Repository> ListAllRepositoriesForAuthenticatedUserAsync(RepositoriesQuery? query = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute("user/repos" + QueryString.For(query)), RepositoryArray, request, cancellationToken);

    /// <summary><c>GET /user/installations</c>: the GitHub App installations the user token can reach.</summary>
    public Task<GitHubResponse<GitHubPage<Installation>>> ListInstallationsForAuthenticatedUserAsync(PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute("user/installations" + QueryString.For(page)), Installations, request, cancellationToken);

    public IAsyncEnumerable<Installation> ListAllInstallationsForAuthenticatedUserAsync(PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute("user/installations" + QueryString.For(page)), Installations, request, cancellationToken);

    /// <summary><c>GET /user/installations/{installation_id}/repositories</c>.</summary>
    public Task<GitHubResponse<GitHubPage<Repository>>> ListInstallationRepositoriesForAuthenticatedUserAsync(long installationId,
        PageRequest? page = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute(InstallationRepositoriesPath(installationId) + QueryString.For(page)), InstallationRepositories, request, cancellationToken);

    public IAsyncEnumerable<Repository> ListAllInstallationRepositoriesForAuthenticatedUserAsync(long installationId,
        PageRequest? page = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute(InstallationRepositoriesPath(installationId) + QueryString.For(page)), InstallationRepositories, request, cancellationToken);

    // ---- workflows and runs -----------------------------------------------------------------------------------

    /// <summary><c>GET /repos/{owner}/{repo}/actions/runs</c>.</summary>
    public Task<GitHubResponse<GitHubPage<WorkflowRun>>> ListWorkflowRunsAsync(string owner, string repo, WorkflowRunsQuery? query = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/actions/runs{QueryString.For(query)}"), WorkflowRuns, request, cancellationToken);

    public IAsyncEnumerable<WorkflowRun> ListAllWorkflowRunsAsync(string owner, string repo, WorkflowRunsQuery? query = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/actions/runs{QueryString.For(query)}"), WorkflowRuns, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs</c>.</summary>
    public Task<GitHubResponse<GitHubPage<WorkflowRun>>> ListWorkflowRunsForWorkflowAsync(string owner, string repo, long workflowId,
        WorkflowRunsQuery? query = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{WorkflowPath(owner, repo, workflowId)}/runs{QueryString.For(query)}"), WorkflowRuns, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/workflows/{file_name}/runs</c> (e.g. <c>build.yml</c>).</summary>
    public Task<GitHubResponse<GitHubPage<WorkflowRun>>> ListWorkflowRunsForWorkflowAsync(string owner, string repo, string workflowFileName,
        WorkflowRunsQuery? query = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{WorkflowPath(owner, repo, workflowFileName)}/runs{QueryString.For(query)}"), WorkflowRuns, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/workflows</c>.</summary>
    public Task<GitHubResponse<GitHubPage<Workflow>>> ListWorkflowsAsync(string owner, string repo, PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/actions/workflows{QueryString.For(page)}"), Workflows, request, cancellationToken);

    public IAsyncEnumerable<Workflow> ListAllWorkflowsAsync(string owner, string repo, PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/actions/workflows{QueryString.For(page)}"), Workflows, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/runs/{run_id}</c>.</summary>
    public Task<GitHubResponse<WorkflowRun>> GetWorkflowRunAsync(string owner, string repo, long runId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync(RunPath(owner, repo, runId), GitHubJsonContext.Default.WorkflowRun, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/jobs</c>.</summary>
    public Task<GitHubResponse<GitHubPage<WorkflowJob>>> ListJobsForWorkflowRunAsync(string owner, string repo, long runId,
        WorkflowJobsQuery? query = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{RunPath(owner, repo, runId)}/jobs{QueryString.For(query)}"), Jobs, request, cancellationToken);

    public IAsyncEnumerable<WorkflowJob> ListAllJobsForWorkflowRunAsync(string owner, string repo, long runId,
        WorkflowJobsQuery? query = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PaginateAsync(Absolute($"{RunPath(owner, repo, runId)}/jobs{QueryString.For(query)}"), Jobs, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/actions/jobs/{job_id}</c>.</summary>
    public Task<GitHubResponse<WorkflowJob>> GetWorkflowJobAsync(string owner, string repo, long jobId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync(JobPath(owner, repo, jobId), GitHubJsonContext.Default.WorkflowJob, request, cancellationToken);

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/actions/jobs/{job_id}/logs</c>: GitHub answers 302 with a pre-signed URL of the plain-text
    /// log that expires after a minute; this returns that URL and never follows it. Download it without this client's
    /// credentials: it is on another host, and the token must not go there.
    /// https://docs.github.com/rest/actions/workflow-jobs#download-job-logs-for-a-workflow-run
    /// </summary>
    public Task<GitHubResponse<Uri>> GetJobLogsUrlAsync(string owner, string repo, long jobId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        SendAsync<Uri>(HttpMethod.Get, Absolute($"{JobPath(owner, repo, jobId)}/logs"), null, request, null, cancellationToken, redirectTo: true);

    /// <summary><c>GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations</c> (a bare array, <c>Link</c> paging).</summary>
    public Task<GitHubResponse<GitHubPage<CheckAnnotation>>> ListCheckRunAnnotationsAsync(string owner, string repo, long checkRunId,
        PageRequest? page = null, GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/check-runs/{Id(checkRunId, nameof(checkRunId))}/annotations{QueryString.For(page)}"),
            Annotations, request, cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun</c> (GitHub answers 201).</summary>
    public Task<GitHubResponse> RerunWorkflowRunAsync(string owner, string repo, long runId, bool enableDebugLogging = false,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PostAsync($"{RunPath(owner, repo, runId)}/rerun", RerunBody(enableDebugLogging), request, cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs</c>.</summary>
    public Task<GitHubResponse> RerunFailedJobsAsync(string owner, string repo, long runId, bool enableDebugLogging = false,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PostAsync($"{RunPath(owner, repo, runId)}/rerun-failed-jobs", RerunBody(enableDebugLogging), request, cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/cancel</c> (202; 409 if the run already finished).</summary>
    public Task<GitHubResponse> CancelWorkflowRunAsync(string owner, string repo, long runId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PostAsync($"{RunPath(owner, repo, runId)}/cancel", null, request, cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/jobs/{job_id}/rerun</c>.</summary>
    public Task<GitHubResponse> RerunJobAsync(string owner, string repo, long jobId, bool enableDebugLogging = false,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        PostAsync($"{GitHubNames.RepositoryPath(owner, repo)}/actions/jobs/{Id(jobId, nameof(jobId))}/rerun", RerunBody(enableDebugLogging), request, cancellationToken);

    // ---- manual runs and deployment reviews -------------------------------------------------------------------

    /// <summary><c>GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}</c>.</summary>
    public Task<GitHubResponse<Workflow>> GetWorkflowAsync(string owner, string repo, long workflowId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync(WorkflowPath(owner, repo, workflowId), GitHubJsonContext.Default.Workflow, request, cancellationToken);

    /// <summary><c>GET /repos/{owner}/{repo}/contents/{path}?ref=</c>: a file's content object (base64), at a branch, tag or commit.</summary>
    public Task<GitHubResponse<RepositoryContent>> GetContentAsync(string owner, string repo, string path, string? gitRef = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var escaped = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        var query = string.IsNullOrEmpty(gitRef) ? "" : $"?ref={Uri.EscapeDataString(gitRef)}";
        return GetAsync($"{GitHubNames.RepositoryPath(owner, repo)}/contents/{escaped}{query}", GitHubJsonContext.Default.RepositoryContent, request, cancellationToken);
    }

    /// <summary><c>POST /repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches</c> (GitHub answers 204).</summary>
    public Task<GitHubResponse> CreateWorkflowDispatchAsync(string owner, string repo, long workflowId, WorkflowDispatchRequest body,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return PostAsync($"{WorkflowPath(owner, repo, workflowId)}/dispatches",
            () => JsonContent.Create(body, GitHubJsonContext.Default.WorkflowDispatchRequest), request, cancellationToken);
    }

    /// <summary><c>GET /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments</c> (a bare array).</summary>
    public Task<GitHubResponse<List<PendingDeployment>>> ListPendingDeploymentsAsync(string owner, string repo, long runId,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync($"{RunPath(owner, repo, runId)}/pending_deployments", GitHubJsonContext.Default.ListPendingDeployment, request, cancellationToken);

    /// <summary><c>POST /repos/{owner}/{repo}/actions/runs/{run_id}/pending_deployments</c>: approve or reject waiting environments.</summary>
    public Task<GitHubResponse> ReviewPendingDeploymentsAsync(string owner, string repo, long runId, PendingDeploymentReview body,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return PostAsync($"{RunPath(owner, repo, runId)}/pending_deployments",
            () => JsonContent.Create(body, GitHubJsonContext.Default.PendingDeploymentReview), request, cancellationToken);
    }

    // ---- self-hosted runners ----------------------------------------------------------------------------------

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/actions/runners</c>: the repository's self-hosted runners. GitHub answers 403 (or 404
    /// for a private repository) unless the token may administer the repository.
    /// </summary>
    public Task<GitHubResponse<GitHubPage<Runner>>> ListRepositoryRunnersAsync(string owner, string repo, PageRequest? page = null,
        GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetPageAsync(Absolute($"{GitHubNames.RepositoryPath(owner, repo)}/actions/runners{QueryString.For(page)}"), Runners, request, cancellationToken);

    // ---- rate limit and apps ----------------------------------------------------------------------------------

    /// <summary><c>GET /rate_limit</c> (free: it does not count against the limit).</summary>
    public Task<GitHubResponse<RateLimitOverview>> GetRateLimitAsync(GitHubRequestOptions? request = null, CancellationToken cancellationToken = default) =>
        GetAsync("rate_limit", GitHubJsonContext.Default.RateLimitOverview, request, cancellationToken);

    /// <summary><c>POST /app/installations/{installation_id}/access_tokens</c>, authenticated with the app's JWT.</summary>
    public async Task<InstallationAccessToken> CreateInstallationAccessTokenAsync(long installationId, string appJwt,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appJwt);
        var response = await SendAsync(HttpMethod.Post, Absolute($"app/installations/{Id(installationId, nameof(installationId))}/access_tokens"),
            null, new GitHubRequestOptions { Token = appJwt },
            (content, _, ct) => ReadJsonAsync(content, GitHubJsonContext.Default.InstallationAccessToken, ct), cancellationToken).ConfigureAwait(false);
        return response.GetValueOrThrow();
    }

    // ---- pagination -------------------------------------------------------------------------------------------

    /// <summary>Fetches the page after <paramref name="page"/>, or returns null on the last page.</summary>
    public async Task<GitHubResponse<GitHubPage<T>>?> GetNextPageAsync<T>(GitHubPage<T> page, GitHubRequestOptions? request = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.NextPageUrl is not { } next)
        {
            return null;
        }
        return await GetPageAsync(next, page.Reader, WithoutETag(request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The items of <paramref name="firstPage"/> and of every page after it, following <c>Link: rel="next"</c>.</summary>
    public async IAsyncEnumerable<T> EnumerateAsync<T>(GitHubPage<T> firstPage, GitHubRequestOptions? request = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(firstPage);
        var page = firstPage;
        while (true)
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
            var next = await GetNextPageAsync(page, request, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                yield break;
            }
            page = next.GetValueOrThrow();
        }
    }

    private async IAsyncEnumerable<T> PaginateAsync<T>(Uri firstPage, PageReader<T> reader, GitHubRequestOptions? request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var first = await GetPageAsync(firstPage, reader, WithoutETag(request), cancellationToken).ConfigureAwait(false);
        await foreach (var item in EnumerateAsync(first.GetValueOrThrow(), request, cancellationToken).ConfigureAwait(false))
        {
            yield return item;
        }
    }

    // An ETag belongs to one URL; following pages are different resources.
    private static GitHubRequestOptions? WithoutETag(GitHubRequestOptions? request) =>
        request?.IfNoneMatch is null ? request : new GitHubRequestOptions { Token = request.Token };

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private Task<GitHubResponse<T>> GetAsync<T>(string relativePath, JsonTypeInfo<T> typeInfo, GitHubRequestOptions? request,
        CancellationToken cancellationToken) where T : class =>
        SendAsync(HttpMethod.Get, Absolute(relativePath), null, request, (content, _, ct) => ReadJsonAsync(content, typeInfo, ct), cancellationToken);

    private Task<GitHubResponse<GitHubPage<T>>> GetPageAsync<T>(Uri uri, PageReader<T> reader, GitHubRequestOptions? request,
        CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, uri, null, request, async (content, metadata, ct) =>
        {
            await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var (items, total) = await reader(stream, ct).ConfigureAwait(false);
            return new GitHubPage<T>(items, total, metadata.Links, reader);
        }, cancellationToken);

    private async Task<GitHubResponse> PostAsync(string relativePath, Func<HttpContent>? body, GitHubRequestOptions? request,
        CancellationToken cancellationToken) =>
        await SendAsync<object>(HttpMethod.Post, Absolute(relativePath), body, request, null, cancellationToken).ConfigureAwait(false);

    /// <param name="redirectTo">The answer is a redirect whose <c>Location</c> is the result (a <see cref="Uri"/>): it is not followed.</param>
    private async Task<GitHubResponse<T>> SendAsync<T>(HttpMethod method, Uri uri, Func<HttpContent>? body, GitHubRequestOptions? request,
        Func<HttpContent, GitHubResponse, CancellationToken, Task<T>>? read, CancellationToken cancellationToken, bool redirectTo = false) where T : class
    {
        var token = request?.Token;
        if (token is null && _tokenProvider is not null)
        {
            token = await _tokenProvider(cancellationToken).ConfigureAwait(false);
        }

        using var response = await SendFollowingRedirectsAsync(method, uri, body, token, request?.IfNoneMatch, cancellationToken,
            followRedirects: !redirectTo).ConfigureAwait(false);
        var requestUri = response.RequestMessage?.RequestUri ?? uri;
        var metadata = new GitHubResponse(response, requestUri);
        if (redirectTo && IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
        {
            return new GitHubResponse<T>(metadata, (T)(object)(location.IsAbsoluteUri ? location : new Uri(requestUri, location)));
        }

        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            return new GitHubResponse<T>(metadata, null);
        }
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = await ReadErrorBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            throw GitHubApiException.FromResponse(response, errorBody, _time.GetUtcNow());
        }
        if (read is null)
        {
            return new GitHubResponse<T>(metadata, null);
        }
        try
        {
            return new GitHubResponse<T>(metadata, await read(response.Content, metadata, cancellationToken).ConfigureAwait(false));
        }
        catch (JsonException exception)
        {
            throw new GitHubApiException(GitHubErrorKind.Unexpected, response.StatusCode,
                $"GitHub answered {method} {requestUri.AbsolutePath} with a body this client could not read: {exception.Message}", exception)
            {
                RateLimit = metadata.RateLimit,
                RequestId = metadata.RequestId,
                Request = $"{method} {requestUri.AbsolutePath}",
            };
        }
    }

    private async Task<HttpResponseMessage> SendFollowingRedirectsAsync(HttpMethod method, Uri uri, Func<HttpContent>? body, string? token,
        string? ifNoneMatch, CancellationToken cancellationToken, bool followRedirects = true)
    {
        var target = uri;
        for (var hop = 0; ; hop++)
        {
            // A bearer token must only ever go to the configured API, whatever a Link or Location header says.
            if (!IsUnderApiBase(target))
            {
                throw new GitHubApiException(GitHubErrorKind.Unexpected, 0,
                    $"Refusing to send a GitHub request to {target.GetLeftPart(UriPartial.Path)}: it is outside the configured API base {_apiBase}.");
            }
            using var message = new HttpRequestMessage(method, target) { Content = body?.Invoke() };
            message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(MediaType));
            message.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", ApiVersion);
            if (!_http.DefaultRequestHeaders.UserAgent.Any())
            {
                message.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            }
            if (!string.IsNullOrEmpty(token))
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            if (!string.IsNullOrEmpty(ifNoneMatch))
            {
                message.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            }

            var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);

            // HttpClient drops the Authorization header when it follows a redirect itself, so a renamed or
            // transferred repository (GitHub answers 301/307 to the new location) would fail as 401/404.
            // https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#follow-redirects
            if (followRedirects && IsRedirect(response.StatusCode) && response.Headers.Location is { } location && hop < MaxRedirects)
            {
                target = location.IsAbsoluteUri ? location : new Uri(target, location);
                response.Dispose();
                continue;
            }
            return response;
        }
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private bool IsUnderApiBase(Uri uri) =>
        uri.IsAbsoluteUri
        && string.Equals(uri.Scheme, _apiBaseUri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.IdnHost, _apiBaseUri.IdnHost, StringComparison.OrdinalIgnoreCase)
        && uri.Port == _apiBaseUri.Port
        && uri.AbsolutePath.StartsWith(_apiBaseUri.AbsolutePath, StringComparison.Ordinal);

    private static async Task<string?> ReadErrorBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var buffer = new char[MaxErrorBodyChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new string(buffer, 0, read);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContent content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var value = await content.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
        return value ?? throw new JsonException("The body was empty or null.");
    }

    private Uri Absolute(string relativePath) => new(_apiBase + relativePath.TrimStart('/'), UriKind.Absolute);

    private static string Id(long id, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(id, paramName);
        return id.ToString(CultureInfo.InvariantCulture);
    }

    private static string RunPath(string owner, string repo, long runId) =>
        $"{GitHubNames.RepositoryPath(owner, repo)}/actions/runs/{Id(runId, nameof(runId))}";

    private static string JobPath(string owner, string repo, long jobId) =>
        $"{GitHubNames.RepositoryPath(owner, repo)}/actions/jobs/{Id(jobId, nameof(jobId))}";

    private static string WorkflowPath(string owner, string repo, long workflowId) =>
        $"{GitHubNames.RepositoryPath(owner, repo)}/actions/workflows/{Id(workflowId, nameof(workflowId))}";

    private static string WorkflowPath(string owner, string repo, string workflowFileName)
    {
        if (!GitHubNames.IsValidWorkflowFileName(workflowFileName))
        {
            throw new ArgumentException($"'{workflowFileName}' is not a workflow file name such as 'build.yml'.", nameof(workflowFileName));
        }
        return $"{GitHubNames.RepositoryPath(owner, repo)}/actions/workflows/{Uri.EscapeDataString(workflowFileName)}";
    }

    private static string InstallationRepositoriesPath(long installationId) =>
        $"user/installations/{Id(installationId, nameof(installationId))}/repositories";

    private static Func<HttpContent>? RerunBody(bool enableDebugLogging) =>
        enableDebugLogging ? () => JsonContent.Create(new RerunRequest { EnableDebugLogging = true }, InternalJsonContext.Default.RerunRequest) : null;

    // ---- page readers: GitHub wraps some lists in an object with total_count, returns others as a bare array ----

    private static readonly PageReader<Repository> RepositoryArray = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.ListRepository, ct).ConfigureAwait(false);
        return (list ?? [], null);
    };

    private static readonly PageReader<Team> TeamArray = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.ListTeam, ct).ConfigureAwait(false);
        return (list ?? [], null);
    };

    private static readonly PageReader<Installation> Installations = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.InstallationList, ct).ConfigureAwait(false);
        return (list?.Installations ?? [], list?.TotalCount);
    };

    private static readonly PageReader<Repository> InstallationRepositories = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.InstallationRepositoryList, ct).ConfigureAwait(false);
        return (list?.Repositories ?? [], list?.TotalCount);
    };

    private static readonly PageReader<WorkflowRun> WorkflowRuns = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.WorkflowRunList, ct).ConfigureAwait(false);
        return (list?.WorkflowRuns ?? [], list?.TotalCount);
    };

    private static readonly PageReader<WorkflowJob> Jobs = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.WorkflowJobList, ct).ConfigureAwait(false);
        return (list?.Jobs ?? [], list?.TotalCount);
    };

    private static readonly PageReader<CheckAnnotation> Annotations = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.ListCheckAnnotation, ct).ConfigureAwait(false);
        return (list ?? [], null);
    };

    private static readonly PageReader<Workflow> Workflows = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.WorkflowList, ct).ConfigureAwait(false);
        return (list?.Workflows ?? [], list?.TotalCount);
    };

    private static readonly PageReader<Runner> Runners = async (stream, ct) =>
    {
        var list = await JsonSerializer.DeserializeAsync(stream, GitHubJsonContext.Default.RunnerList, ct).ConfigureAwait(false);
        return (list?.Runners ?? [], list?.TotalCount);
    };
}
