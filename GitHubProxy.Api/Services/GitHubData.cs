using System.Text.Json;
using ActionsDashboard.GitHub;
using ActionsDashboard.GitHub.Rest;
using GitHubProxy.Api.Model;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace GitHubProxy.Api.Services;

/// <summary>GitHub reads for one user, through <see cref="GitHubResponseCache"/>, with that user's own token.</summary>
public sealed class GitHubData(
    GitHubRestClient client,
    GitHubResponseCache cache,
    GitHubUserTokens tokens,
    IConnectionMultiplexer redis,
    IHttpClientFactory httpClientFactory,
    IOptions<GitHubOptions> gitHubOptions,
    IOptionsMonitor<GitHubProxyOptions> options)
{
    public const string AccessUsersKey = "ghp:access-users";
    public const string RepositoriesResource = "repos";

    /// <summary>The HTTP client job logs are downloaded with: no credentials of any kind, no redirects followed.</summary>
    public const string JobLogsHttpClientName = "github-job-logs";

    // A log host that ignores the byte range is read through to its end in bounded memory, but not beyond this many times
    // the cap: the excerpt is then marked truncated.
    private const int MaxReadFactor = 16;

    // ETags never hold a line break: the access list's entry keeps one ETag per page, each ended by one. An entry written
    // before (one ETag, no line break) is read again in full once.
    private const char PageETagSeparator = '\n';

    private GitHubProxyOptions Options => options.CurrentValue;

    /// <summary>The oldest access list an access decision may use (<see cref="GitHubProxyOptions.AccessListMaxAge"/>).</summary>
    public TimeSpan AccessListMaxAge => Options.AccessListMaxAge;

    public Task<Cached<UserProfile>> GetUserAsync(CurrentUser user, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, "user", Options.UserFreshness, async (etag, ct) =>
            Fetched<UserProfile>.From(
                await client.GetAuthenticatedUserAsync(await RequestAsync(user, etag, ct), ct),
                u => new UserProfile(u.Id, u.Login, u.Name, u.AvatarUrl, u.HtmlUrl)),
            cancellationToken);

    /// <summary>Every repository the user can reach (own, collaborator, organisation member), sorted by full name.</summary>
    public async Task<Cached<RepositoryView[]>> GetRepositoriesAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var result = await cache.GetAsync(user.UserId, RepositoriesResource, Options.RepositoriesFreshness, async (etag, ct) =>
        {
            var query = new RepositoriesQuery { PerPage = PageRequest.MaxPerPage, Affiliation = "owner,collaborator,organization_member" };
            var token = (await RequestAsync(user, null, ct)).Token;
            RateLimit? rateLimit = null;

            // One ETag per page: the list is unchanged only when every page is (a repository lost on a later page leaves the
            // first page as it was). Each page's 304 costs no rate limit; any change re-reads the whole list.
            var pageETags = etag is [.., PageETagSeparator] ? etag[..^1].Split(PageETagSeparator) : [];
            var unchanged = pageETags.Length > 0;
            for (var page = 1; unchanged && page <= pageETags.Length; page++)
            {
                var response = await client.ListRepositoriesForAuthenticatedUserAsync(query with { Page = page },
                    new GitHubRequestOptions { Token = token, IfNoneMatch = pageETags[page - 1] }, ct);
                rateLimit = response.RateLimit ?? rateLimit;
                unchanged = response.IsNotModified;
            }

            if (unchanged)
            {
                return new Fetched<RepositoryView[]>(null, etag, rateLimit, NotModified: true);
            }

            var all = new List<RepositoryView>();
            var etags = new List<string>();
            for (var page = 1; ; page++)
            {
                var response = await client.ListRepositoriesForAuthenticatedUserAsync(query with { Page = page }, new GitHubRequestOptions { Token = token }, ct);
                rateLimit = response.RateLimit ?? rateLimit;
                var items = response.GetValueOrThrow();
                all.AddRange(items.Items.Select(r => r.ToView()));
                etags.Add(response.ETag ?? "");
                // A full last page is followed by one more (empty) page, whose ETag then notices a repository added after it.
                if (items.Items.Count == 0 || !items.HasNextPage && items.Items.Count < PageRequest.MaxPerPage)
                {
                    break;
                }
            }

            var sorted = all.DistinctBy(r => r.FullName, StringComparer.OrdinalIgnoreCase)
                .OrderBy(r => r.FullName, StringComparer.OrdinalIgnoreCase).ToArray();
            return new Fetched<RepositoryView[]>(sorted, string.Concat(etags.Select(e => e + PageETagSeparator)), rateLimit, NotModified: false);
        }, cancellationToken, maxAge: AccessListMaxAge);

        // Installation events walk this set to cut every stored list; fire and forget keeps it off the request's path.
        try
        {
            redis.GetDatabase().SetAdd(AccessUsersKey, user.UserId, CommandFlags.FireAndForget);
        }
        catch (RedisException)
        {
        }

        return result;
    }

    /// <summary>Accounts (lower-case logins) where the GitHub App is installed and the user can see it: their repositories send webhooks.</summary>
    public Task<Cached<string[]>> GetInstallationAccountsAsync(CurrentUser user, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, "installations", Options.RepositoriesFreshness, async (etag, ct) =>
            Fetched<string[]>.From(
                await client.ListInstallationsForAuthenticatedUserAsync(new PageRequest { PerPage = PageRequest.MaxPerPage },
                    await RequestAsync(user, etag, ct), ct),
                page => page.Items.Select(i => i.Account?.Login?.ToLowerInvariant()).OfType<string>().ToArray()),
            cancellationToken);

    public Task<Cached<RunsPage>> GetRunsAsync(CurrentUser user, RepositoryView repository, RunsFilter filter, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"runs:{repository.FullName.ToLowerInvariant()}:{filter.CacheKey()}", Options.RunsFreshness, async (etag, ct) =>
        {
            var query = new WorkflowRunsQuery
            {
                Branch = filter.Branch, Status = filter.Status, Event = filter.Event, Actor = filter.Actor,
                Page = filter.Page, PerPage = filter.PerPage,
            };
            var request = await RequestAsync(user, etag, ct);
            var response = filter.WorkflowId is { } workflowId
                ? await client.ListWorkflowRunsForWorkflowAsync(repository.Owner, repository.Name, workflowId, query, request, ct)
                : await client.ListWorkflowRunsAsync(repository.Owner, repository.Name, query, request, ct);
            return Fetched<RunsPage>.From(response,
                page => new RunsPage(page.Items.Select(r => r.ToRun(repository.FullName)).ToArray(), page.TotalCount ?? page.Items.Count));
        }, cancellationToken);

    /// <summary>The latest runs of a repository, as the dashboard and the backfill read them.</summary>
    public Task<Cached<RunsPage>> GetLatestRunsAsync(CurrentUser user, RepositoryView repository, CancellationToken cancellationToken) =>
        GetRunsAsync(user, repository, new RunsFilter(null, null, null, null, null, 1, Math.Clamp(Options.BackfillRuns, 1, 100)), cancellationToken);

    public Task<Cached<Run>> GetRunAsync(CurrentUser user, RepositoryView repository, long runId, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, RunResource(repository, runId), Options.RunFreshness, async (etag, ct) =>
            Fetched<Run>.From(
                await client.GetWorkflowRunAsync(repository.Owner, repository.Name, runId, await RequestAsync(user, etag, ct), ct),
                r => r.ToRun(repository.FullName)),
            cancellationToken);

    public Task<Cached<Job[]>> GetJobsAsync(CurrentUser user, RepositoryView repository, long runId, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, JobsResource(repository, runId), Options.JobsFreshness, async (etag, ct) =>
        {
            var request = await RequestAsync(user, etag, ct);
            var first = await client.ListJobsForWorkflowRunAsync(repository.Owner, repository.Name, runId,
                new WorkflowJobsQuery { PerPage = PageRequest.MaxPerPage }, request, ct);
            if (first.IsNotModified || first.Value is null)
            {
                return new Fetched<Job[]>(null, first.ETag, first.RateLimit, NotModified: true);
            }

            var jobs = new List<Job>();
            await foreach (var job in client.EnumerateAsync(first.Value, new GitHubRequestOptions { Token = request.Token }, ct))
            {
                jobs.Add(job.ToJob());
            }

            return new Fetched<Job[]>(jobs.ToArray(), first.ETag, first.RateLimit, NotModified: false);
        }, cancellationToken);

    public Task<Cached<WorkflowView[]>> GetWorkflowsAsync(CurrentUser user, RepositoryView repository, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"workflows:{repository.FullName.ToLowerInvariant()}", Options.WorkflowsFreshness, async (etag, ct) =>
            Fetched<WorkflowView[]>.From(
                await client.ListWorkflowsAsync(repository.Owner, repository.Name, new PageRequest { PerPage = PageRequest.MaxPerPage },
                    await RequestAsync(user, etag, ct), ct),
                page => page.Items.Select(w => w.ToView()).ToArray()),
            cancellationToken);

    /// <summary>
    /// A repository's self-hosted runners (the first 100), or not <see cref="RunnersAnswer.Listed"/> when GitHub refuses to
    /// list them to this user (403, or 404 for a private repository): only admins of the repository may. The refusal is cached like an answer, so a page
    /// load does not ask again within <see cref="GitHubProxyOptions.RunnersFreshness"/>.
    /// </summary>
    public Task<Cached<RunnersAnswer>> GetSelfHostedRunnersAsync(CurrentUser user, RepositoryView repository, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"runners:{repository.FullName.ToLowerInvariant()}", Options.RunnersFreshness, async (etag, ct) =>
        {
            try
            {
                return Fetched<RunnersAnswer>.From(
                    await client.ListRepositoryRunnersAsync(repository.Owner, repository.Name, new PageRequest { PerPage = PageRequest.MaxPerPage },
                        await RequestAsync(user, etag, ct), ct),
                    page => new RunnersAnswer(true, page.Items.Select(r => new RunnerView(r.Id, r.Name, r.Os,
                        r.Status == "offline" ? "offline" : r.Busy ? "busy" : "idle", r.Labels.Select(l => l.Name).ToArray())).ToArray()));
            }
            catch (GitHubApiException exception) when (exception.Kind is GitHubErrorKind.PermissionDenied or GitHubErrorKind.NotFound && !exception.IsRateLimit)
            {
                return new Fetched<RunnersAnswer>(new RunnersAnswer(false, []), null, exception.RateLimit, NotModified: false);
            }
        }, cancellationToken);

    /// <summary>One job (<c>GET .../actions/jobs/{jobId}</c>), in the contract's shape.</summary>
    public Task<Cached<Job>> GetJobAsync(CurrentUser user, RepositoryView repository, long jobId, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"job:{repository.FullName.ToLowerInvariant()}:{jobId}", Options.JobsFreshness, async (etag, ct) =>
            Fetched<Job>.From(
                await client.GetWorkflowJobAsync(repository.Owner, repository.Name, jobId, await RequestAsync(user, etag, ct), ct),
                j => j.ToJob()),
            cancellationToken);

    /// <summary>The annotations of a job's check run (its id is the job's), first 100.</summary>
    public Task<Cached<AnnotationView[]>> GetAnnotationsAsync(CurrentUser user, RepositoryView repository, long jobId, CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"annotations:{repository.FullName.ToLowerInvariant()}:{jobId}", Options.AnnotationsFreshness, async (etag, ct) =>
            Fetched<AnnotationView[]>.From(
                await client.ListCheckRunAnnotationsAsync(repository.Owner, repository.Name, jobId, new PageRequest { PerPage = PageRequest.MaxPerPage },
                    await RequestAsync(user, etag, ct), ct),
                page => page.Items.Select(a => new AnnotationView(a.Path, a.StartLine, a.EndLine, a.AnnotationLevel ?? "notice", a.Message ?? "",
                    string.IsNullOrEmpty(a.Title) ? null : a.Title)).ToArray()),
            cancellationToken);

    /// <summary>
    /// The last lines of one step's part of a finished job's log. GitHub answers the logs endpoint with a short-lived,
    /// pre-signed URL on another host: it is fetched with a client that sends no credentials (the user's token must never
    /// reach that host), asking for the last <see cref="GitHubProxyOptions.JobLogMaxBytes"/> only. Kept in Redis for
    /// <see cref="GitHubProxyOptions.JobLogCacheTime"/>, never in PostgreSQL.
    /// </summary>
    public Task<Cached<JobLogExcerpt>> GetJobLogExcerptAsync(CurrentUser user, RepositoryView repository, Job job, Step? step,
        CancellationToken cancellationToken) =>
        cache.GetAsync(user.UserId, $"joblog:{repository.FullName.ToLowerInvariant()}:{job.Id}:{step?.Number ?? 0}", Options.JobLogCacheTime, async (_, ct) =>
        {
            GitHubResponse<Uri> location;
            try
            {
                location = await client.GetJobLogsUrlAsync(repository.Owner, repository.Name, job.Id, await RequestAsync(user, null, ct), ct);
            }
            catch (GitHubApiException exception) when (exception.Kind is GitHubErrorKind.NotFound or GitHubErrorKind.Gone)
            {
                // GitHub deleted the log, or it is past the repository's retention period.
                return new Fetched<JobLogExcerpt>(new JobLogExcerpt([], false, Available: false), null, exception.RateLimit, NotModified: false);
            }

            var url = location.Value ?? throw new GitHubApiException(GitHubErrorKind.Unexpected, location.StatusCode,
                "GitHub answered the job logs request without a redirect to the log.");
            if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            {
                throw new GitHubApiException(GitHubErrorKind.Unexpected, location.StatusCode, "GitHub's log URL is not an http(s) URL.");
            }

            var maxBytes = Options.JobLogMaxBytes;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(null, maxBytes);
            using var response = await httpClientFactory.CreateClient(JobLogsHttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"GitHub's log host answered {(int)response.StatusCode}.", null, response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var (text, cut) = await JobLogTail.ReadTailAsync(body, maxBytes, (long)maxBytes * MaxReadFactor, response.Content.Headers.ContentRange?.Length, ct);
            var (lines, shortened) = JobLogTail.Section(JobLogTail.Parse(text), step?.StartedAt, step?.CompletedAt, Options.JobLogTailLines);
            return new Fetched<JobLogExcerpt>(new JobLogExcerpt(lines, cut || shortened, Available: true), null, location.RateLimit, NotModified: false);
        }, cancellationToken, staleWhileRevalidate: false, timeToLive: Options.JobLogCacheTime);

    /// <summary>After a re-run or cancel, the run and its jobs are asked again on the next read.</summary>
    public Task ForgetRunAsync(CurrentUser user, RepositoryView repository, long runId) =>
        cache.InvalidateAsync(user.UserId, RunResource(repository, runId), JobsResource(repository, runId));

    /// <summary>
    /// The run a job belongs to, from GitHub's <c>GET /repos/{owner}/{repo}/actions/jobs/{jobId}</c> (which the typed client
    /// does not offer), through the same HTTP client and resilience handler; null when GitHub does not say.
    /// </summary>
    public async Task<long?> GetRunIdOfJobAsync(CurrentUser user, RepositoryView repository, long jobId, CancellationToken cancellationToken)
    {
        var uri = GitHubOptions.Combine(gitHubOptions.Value.ApiBaseUrl,
            $"repos/{Uri.EscapeDataString(repository.Owner)}/{Uri.EscapeDataString(repository.Name)}/actions/jobs/{jobId}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(GitHubRestClient.MediaType);
        request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", GitHubRestClient.ApiVersion);
        request.Headers.TryAddWithoutValidation("User-Agent", gitHubOptions.Value.UserAgent);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await tokens.GetAsync(user, cancellationToken));
        using var response = await httpClientFactory.CreateClient(nameof(GitHubRestClient)).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return body.RootElement.TryGetProperty("run_id", out var runId) && runId.TryGetInt64(out var id) ? id : null;
    }

    public async Task<GitHubRequestOptions> RequestAsync(CurrentUser user, string? etag, CancellationToken cancellationToken) =>
        new() { Token = await tokens.GetAsync(user, cancellationToken), IfNoneMatch = etag };

    private static string RunResource(RepositoryView repository, long runId) => $"run:{repository.FullName.ToLowerInvariant()}:{runId}";

    private static string JobsResource(RepositoryView repository, long runId) => $"jobs:{repository.FullName.ToLowerInvariant()}:{runId}";
}
