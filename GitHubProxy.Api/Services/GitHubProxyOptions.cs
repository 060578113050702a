namespace GitHubProxy.Api.Services;

/// <summary>The <c>GitHubProxy</c> section: cache freshness per endpoint, rate-limit reserve, read model upkeep.</summary>
public sealed class GitHubProxyOptions
{
    public const string SectionName = "GitHubProxy";

    /// <summary>How long a cached <c>/user</c> answer is served without asking GitHub.</summary>
    public TimeSpan UserFreshness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The access list (<c>/user/repos</c>) and installations: at most 5 minutes old (docs/contracts.md).</summary>
    public TimeSpan RepositoriesFreshness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The oldest access list that may grant access: an older one is never served, not even marked stale; when GitHub
    /// cannot be asked, the request is a 503 instead. Normally a list is revalidated every <see cref="RepositoriesFreshness"/>;
    /// this bounds how long a GitHub outage (or a used-up rate limit) keeps an unverified list in force.
    /// </summary>
    public TimeSpan AccessListMaxAge { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan RunsFreshness { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan RunFreshness { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan JobsFreshness { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WorkflowsFreshness { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A repository's self-hosted runners (or GitHub's refusal to list them).</summary>
    public TimeSpan RunnersFreshness { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A job's annotations (a finished job's do not change).</summary>
    public TimeSpan AnnotationsFreshness { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the end of a failed step's log is kept in Redis (and served without asking GitHub); never longer.</summary>
    public TimeSpan JobLogCacheTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this much of a job log is read (its end: a byte range, else the last bytes of the stream).</summary>
    public int JobLogMaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Lines of the failed step's log the failure view shows.</summary>
    public int JobLogTailLines { get; set; } = 100;

    /// <summary>Past its freshness, an entry younger than freshness + this is served at once and revalidated behind.</summary>
    public TimeSpan StaleWhileRevalidate { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long Redis keeps the last good answer (to serve when GitHub fails or the budget is low).</summary>
    public TimeSpan MaxStaleAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>With this many requests or fewer left in the token's hour, serve cached data instead of asking GitHub.</summary>
    public int LowBudgetThreshold { get; set; } = 50;

    /// <summary>Background work (backfill, reconciling) stops while fewer than this many requests are left.</summary>
    public int BackgroundBudgetReserve { get; set; } = 500;

    /// <summary>Runs still queued or in progress whose row has not changed for this long are re-checked (conditional GET).</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the background reconciler looks for stuck runs (only with a GitHub App private key).</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>At most this many stuck runs are re-checked per dashboard request, and per background round (x10).</summary>
    public int ReconcileBatchSize { get; set; } = 5;

    /// <summary>Runs created longer ago than this are pruned from the read model.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a user's <c>/api/insights</c> answer (per window, for the same selected repositories) is served again
    /// before it is computed anew: across 200 repositories it aggregates hundreds of thousands of job rows.
    /// </summary>
    public TimeSpan InsightsFreshness { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Runs fetched when a repository is first selected.</summary>
    public int BackfillRuns { get; set; } = 100;

    /// <summary>
    /// The dashboard shows at most this many (workflow, branch) rows per repository: every workflow's latest run on the
    /// default branch, then the most recent of the other branches. The rest are counted in <c>hiddenRuns</c>. Thirty days of a
    /// busy repository is hundreds of branch rows, which no one reads on a dashboard and every refresh would carry.
    /// </summary>
    public int DashboardRunsPerRepository { get; set; } = 25;
}
