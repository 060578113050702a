using System.Text.Json;
using GitHubProxy.Api.Infrastructure;
using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Writes to the workflow read model. GitHub neither orders nor guarantees deliveries, so a row only moves forward: a
/// later attempt wins; within an attempt a later <c>updated_at</c> wins; for equal times the higher status rank
/// (<c>queued</c> &lt; <c>in_progress</c> &lt; <c>completed</c>). The comparison runs inside the upsert, so concurrent
/// consumers and replicas cannot interleave a read and a write. Rows are keyed by GitHub's repository id, never by name: a
/// name can be renamed, or deleted and re-created (or transferred and reused) as another repository whose users must not see
/// this history, and a run never moves from one repository id to another.
/// </summary>
public sealed class ReadModelStore(NpgsqlDataSource dataSource, IDbContextFactory<DashboardDbContext> contexts, DashboardVersions versions, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the run and, when it was written, moves its (workflow, branch) pointer to it if it is the newest
    /// (by <c>created_at</c>, then id): one statement, so the pointer never names a run the same write refused.</summary>
    private static readonly string UpsertRunSql = $"""
        WITH written AS (
        INSERT INTO workflow_runs (id, repository_id, repository, run_number, run_attempt, workflow_id, workflow_name, display_title,
            event, branch, head_sha, commit_message, actor_login, actor_avatar_url, status, conclusion, created_at, started_at,
            updated_at, html_url, pull_requests, installation_id, recorded_at)
        VALUES (@id, @repository_id, @repository, @run_number, @run_attempt, @workflow_id, @workflow_name, @display_title,
            @event, @branch, @head_sha, @commit_message, @actor_login, @actor_avatar_url, @status, @conclusion, @created_at, @started_at,
            @updated_at, @html_url, @pull_requests, @installation_id, @recorded_at)
        ON CONFLICT (id) DO UPDATE SET
            repository = excluded.repository, run_number = excluded.run_number,
            run_attempt = excluded.run_attempt, workflow_id = excluded.workflow_id, workflow_name = excluded.workflow_name,
            display_title = COALESCE(excluded.display_title, workflow_runs.display_title), event = excluded.event,
            branch = excluded.branch, head_sha = excluded.head_sha,
            commit_message = COALESCE(excluded.commit_message, workflow_runs.commit_message),
            actor_login = COALESCE(excluded.actor_login, workflow_runs.actor_login),
            actor_avatar_url = COALESCE(excluded.actor_avatar_url, workflow_runs.actor_avatar_url),
            status = excluded.status, conclusion = excluded.conclusion, created_at = excluded.created_at,
            started_at = COALESCE(excluded.started_at, workflow_runs.started_at), updated_at = excluded.updated_at,
            html_url = excluded.html_url, pull_requests = excluded.pull_requests,
            installation_id = COALESCE(excluded.installation_id, workflow_runs.installation_id), recorded_at = excluded.recorded_at
        WHERE excluded.repository_id = workflow_runs.repository_id
          AND (excluded.run_attempt > workflow_runs.run_attempt
               OR (excluded.run_attempt = workflow_runs.run_attempt
                   AND (excluded.updated_at > workflow_runs.updated_at
                        OR (excluded.updated_at = workflow_runs.updated_at
                            AND {WorkflowStatus.RankSql("excluded")} >= {WorkflowStatus.RankSql("workflow_runs")}))))
        RETURNING repository_id, workflow_id, COALESCE(branch, '') AS branch, id, created_at
        )
        INSERT INTO latest_runs (repository_id, workflow_id, branch, run_id, created_at)
        SELECT repository_id, workflow_id, branch, id, created_at FROM written
        ON CONFLICT (repository_id, workflow_id, branch) DO UPDATE SET run_id = excluded.run_id, created_at = excluded.created_at
        WHERE (excluded.created_at, excluded.run_id) >= (latest_runs.created_at, latest_runs.run_id)
        """;

    private static readonly string UpsertJobSql = $"""
        INSERT INTO workflow_jobs (id, run_id, repository_id, run_attempt, name, status, conclusion, created_at, started_at,
            completed_at, runner_name, labels, html_url, steps, recorded_at)
        VALUES (@id, @run_id, @repository_id, @run_attempt, @name, @status, @conclusion, @created_at, @started_at,
            @completed_at, @runner_name, @labels, @html_url, @steps, @recorded_at)
        ON CONFLICT (id) DO UPDATE SET
            run_attempt = excluded.run_attempt, name = excluded.name, status = excluded.status, conclusion = excluded.conclusion,
            created_at = COALESCE(excluded.created_at, workflow_jobs.created_at),
            started_at = COALESCE(excluded.started_at, workflow_jobs.started_at), completed_at = excluded.completed_at,
            runner_name = COALESCE(excluded.runner_name, workflow_jobs.runner_name), labels = excluded.labels,
            html_url = excluded.html_url, steps = excluded.steps, recorded_at = excluded.recorded_at
        WHERE excluded.repository_id = workflow_jobs.repository_id
          AND (excluded.run_attempt > workflow_jobs.run_attempt
               OR (excluded.run_attempt = workflow_jobs.run_attempt
                   AND {WorkflowStatus.RankSql("excluded")} >= {WorkflowStatus.RankSql("workflow_jobs")}))
        """;

    /// <summary>Applies a run from a webhook event once per event id; false when the event was seen before.</summary>
    public async Task<bool> ApplyRunEventAsync(string consumer, Guid eventId, WorkflowRunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await MarkProcessedAsync(connection, transaction, consumer, eventId, cancellationToken))
        {
            return false;
        }

        // Without GitHub's repository id a row could never be authorised (reads go by id): nothing to store.
        if (run.RepositoryId > 0)
        {
            await UpsertRunAsync(connection, transaction, run, cancellationToken);
            await TouchRepositoryAsync(connection, transaction, run.RepositoryId, run.Repository, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (run.RepositoryId > 0)
        {
            await versions.RaiseAsync(run.RepositoryId);
        }

        return true;
    }

    public async Task<bool> ApplyJobEventAsync(string consumer, Guid eventId, WorkflowJobRecord job, string repository, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await MarkProcessedAsync(connection, transaction, consumer, eventId, cancellationToken))
        {
            return false;
        }

        // As for runs: without GitHub's repository id there is nothing that could be authorised.
        var firstWebhook = false;
        if (job.RepositoryId > 0)
        {
            await UpsertJobAsync(connection, transaction, job, cancellationToken);
            firstWebhook = await TouchRepositoryAsync(connection, transaction, job.RepositoryId, repository, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (firstWebhook)
        {
            // A job changes no dashboard row, but the repository's first webhook changes its coverage.
            await versions.RaiseAsync(job.RepositoryId);
        }

        return true;
    }

    /// <summary>Runs read from GitHub (backfill, reconciler) for the repository with GitHub's id <paramref name="repositoryId"/>:
    /// same forward-only rule, no event id.</summary>
    public async Task ApplyRunsAsync(long repositoryId, IEnumerable<Run> runs, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // In one order for every writer (pointer, then age), so two batches for one repository take the (workflow, branch)
        // pointers' row locks in the same order and cannot deadlock.
        foreach (var run in runs.OrderBy(r => r.WorkflowId).ThenBy(r => r.Branch ?? "", StringComparer.Ordinal).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id))
        {
            await UpsertRunAsync(connection, transaction, run.ToRecord(repositoryId, now), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await versions.RaiseAsync(repositoryId);
    }

    public async Task MarkBackfilledAsync(RepositoryView repository, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO tracked_repositories (repository_id, repository, backfilled_at) VALUES (@id, @repository, @now)
            ON CONFLICT (repository_id) DO UPDATE SET backfilled_at = excluded.backfilled_at, repository = excluded.repository
            """, connection);
        command.Parameters.AddWithValue("id", repository.Id);
        command.Parameters.AddWithValue("repository", repository.FullName);
        command.Parameters.AddWithValue("now", time.GetUtcNow().ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
        await versions.RaiseAsync(repository.Id);
    }

    /// <summary>What the read model knows of the repositories with GitHub's ids <paramref name="repositoryIds"/>.</summary>
    public async Task<Dictionary<long, TrackedRepository>> GetTrackedAsync(IReadOnlyCollection<long> repositoryIds, CancellationToken cancellationToken)
    {
        var ids = repositoryIds.ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.TrackedRepositories.AsNoTracking().Where(r => ids.Contains(r.RepositoryId))
            .ToDictionaryAsync(r => r.RepositoryId, cancellationToken);
    }

    /// <summary><see cref="GetTrackedAsync"/> and <see cref="GetLatestRunsAsync"/> at once, for the dashboard. The ids come from the
    /// user's current access list, never from a stored name.</summary>
    public async Task<(Dictionary<long, TrackedRepository> Tracked, LatestRuns Latest)> GetForRepositoriesAsync(
        IReadOnlyCollection<(long Id, string DefaultBranch)> repositories, int perRepository, CancellationToken cancellationToken)
    {
        var tracked = GetTrackedAsync(repositories.Select(r => r.Id).ToArray(), cancellationToken);
        var latest = GetLatestRunsAsync(repositories, perRepository, cancellationToken);
        return (await tracked, await latest);
    }

    /// <summary>
    /// The latest run per (workflow, branch) of each repository (by GitHub's id), newest first, at most
    /// <paramref name="perRepository"/> pairs a repository: every workflow on the default branch, then the most recent others
    /// (<see cref="DashboardSelection.Cap{T}"/>). Read through the pointers of <c>latest_runs</c>: the cost is the number of
    /// pairs, whatever the history kept. A pointer whose run moved to another branch or workflow is not followed.
    /// </summary>
    public async Task<LatestRuns> GetLatestRunsAsync(IReadOnlyCollection<(long Id, string DefaultBranch)> repositories, int perRepository,
        CancellationToken cancellationToken)
    {
        if (repositories.Count == 0)
        {
            return new LatestRuns(Array.Empty<WorkflowRunRecord>().ToLookup(r => r.RepositoryId), new Dictionary<long, int>());
        }

        var ids = repositories.Select(r => r.Id).ToArray();
        var pointers = new List<LatestRun>();
        await using (var command = dataSource.CreateCommand(
            "SELECT repository_id, workflow_id, branch, run_id, created_at FROM latest_runs WHERE repository_id = ANY(@ids)"))
        {
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                pointers.Add(new LatestRun
                {
                    RepositoryId = reader.GetInt64(0),
                    WorkflowId = reader.GetInt64(1),
                    Branch = reader.GetString(2),
                    RunId = reader.GetInt64(3),
                    CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
                });
            }
        }

        var defaults = repositories.ToDictionary(r => r.Id, r => r.DefaultBranch);
        var hidden = new Dictionary<long, int>();
        var shown = new HashSet<long>();
        foreach (var group in pointers.GroupBy(p => p.RepositoryId))
        {
            var (kept, left) = DashboardSelection.Cap(group, p => p.Branch, p => p.CreatedAt, p => p.RunId, defaults[group.Key], perRepository);
            shown.UnionWith(kept.Select(p => p.RunId));
            hidden[group.Key] = left;
        }

        var runIds = shown.ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = await db.Runs.AsNoTracking().Where(r => runIds.Contains(r.Id)).ToListAsync(cancellationToken);
        var pairs = pointers.Select(p => (p.RunId, p.RepositoryId, p.WorkflowId, p.Branch)).ToHashSet();
        return new LatestRuns(
            runs.Where(r => pairs.Contains((r.Id, r.RepositoryId, r.WorkflowId, r.Branch ?? "")))
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).ToLookup(r => r.RepositoryId),
            hidden);
    }

    /// <summary>Runs still queued or in progress that nothing has confirmed since <paramref name="unchangedSince"/>, oldest first,
    /// leaving out <paramref name="skip"/> (runs checked lately).</summary>
    public async Task<List<WorkflowRunRecord>> FindStuckRunsAsync(DateTimeOffset unchangedSince, int limit, IReadOnlyCollection<long> skip,
        CancellationToken cancellationToken)
    {
        var skipped = skip.ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking()
            .Where(r => r.Status != "completed" && r.RecordedAt < unchangedSince && r.InstallationId != null && !skipped.Contains(r.Id))
            .OrderBy(r => r.RecordedAt)
            .Take(limit)
            .ToListAsync(cancellationToken);
    }

    /// <summary>The run, when it belongs to the repository with GitHub's id <paramref name="repositoryId"/>.</summary>
    public async Task<WorkflowRunRecord?> FindRunAsync(long repositoryId, long runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId && r.RepositoryId == repositoryId, cancellationToken);
    }

    /// <summary>Removes a run GitHub no longer has (404/410), with its jobs; its (workflow, branch) falls back to the run before it.</summary>
    public async Task DeleteRunAsync(long repositoryId, long runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var jobs = new NpgsqlCommand("DELETE FROM workflow_jobs WHERE run_id = @id AND repository_id = @repository_id",
            connection, transaction))
        {
            jobs.Parameters.AddWithValue("id", runId);
            jobs.Parameters.AddWithValue("repository_id", repositoryId);
            await jobs.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var delete = new NpgsqlCommand(
            "DELETE FROM workflow_runs WHERE id = @id AND repository_id = @repository_id RETURNING workflow_id, COALESCE(branch, '')",
            connection, transaction))
        {
            delete.Parameters.AddWithValue("id", runId);
            delete.Parameters.AddWithValue("repository_id", repositoryId);
            (long WorkflowId, string Branch)? pair = null;
            await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    pair = (reader.GetInt64(0), reader.GetString(1));
                }
            }

            if (pair is { } deleted)
            {
                await using var repoint = new NpgsqlCommand("""
                    DELETE FROM latest_runs WHERE repository_id = @repository_id AND workflow_id = @workflow_id AND branch = @branch AND run_id = @id;
                    INSERT INTO latest_runs (repository_id, workflow_id, branch, run_id, created_at)
                    SELECT repository_id, workflow_id, COALESCE(branch, ''), id, created_at FROM workflow_runs
                    WHERE repository_id = @repository_id AND workflow_id = @workflow_id AND COALESCE(branch, '') = @branch
                    ORDER BY created_at DESC, id DESC LIMIT 1
                    ON CONFLICT (repository_id, workflow_id, branch) DO NOTHING;
                    """, connection, transaction);
                repoint.Parameters.AddWithValue("id", runId);
                repoint.Parameters.AddWithValue("repository_id", repositoryId);
                repoint.Parameters.AddWithValue("workflow_id", deleted.WorkflowId);
                repoint.Parameters.AddWithValue("branch", deleted.Branch);
                await repoint.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        await versions.RaiseAsync(repositoryId);
    }

    /// <summary>The run of a job a webhook brought, or null.</summary>
    public async Task<long?> FindRunIdOfJobAsync(long repositoryId, long jobId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().Where(j => j.Id == jobId && j.RepositoryId == repositoryId)
            .Select(j => (long?)j.RunId).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            DELETE FROM workflow_jobs WHERE run_id IN (SELECT id FROM workflow_runs WHERE created_at < @cutoff);
            DELETE FROM workflow_runs WHERE created_at < @cutoff;
            DELETE FROM latest_runs WHERE created_at < @cutoff;
            DELETE FROM processed_events WHERE processed_at < @cutoff;
            """, connection);
        command.Parameters.AddWithValue("cutoff", olderThan.ToUniversalTime());
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            await versions.RaiseAllAsync();
        }

        return deleted;
    }

    private static async Task<bool> MarkProcessedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string consumer, Guid eventId,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO processed_events (consumer, event_id, processed_at) VALUES (@consumer, @event_id, now()) ON CONFLICT DO NOTHING",
            connection, transaction);
        command.Parameters.AddWithValue("consumer", consumer);
        command.Parameters.AddWithValue("event_id", eventId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static async Task UpsertRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkflowRunRecord run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpsertRunSql, connection, transaction);
        command.Parameters.AddWithValue("id", run.Id);
        command.Parameters.AddWithValue("repository_id", run.RepositoryId);
        command.Parameters.AddWithValue("repository", run.Repository);
        command.Parameters.AddWithValue("run_number", run.RunNumber);
        command.Parameters.AddWithValue("run_attempt", run.RunAttempt);
        command.Parameters.AddWithValue("workflow_id", run.WorkflowId);
        command.Parameters.AddWithValue("workflow_name", run.WorkflowName);
        command.Parameters.AddWithValue("display_title", (object?)run.DisplayTitle ?? DBNull.Value);
        command.Parameters.AddWithValue("event", run.Event);
        command.Parameters.AddWithValue("branch", (object?)run.Branch ?? DBNull.Value);
        command.Parameters.AddWithValue("head_sha", run.HeadSha);
        command.Parameters.AddWithValue("commit_message", (object?)run.CommitMessage ?? DBNull.Value);
        command.Parameters.AddWithValue("actor_login", (object?)run.ActorLogin ?? DBNull.Value);
        command.Parameters.AddWithValue("actor_avatar_url", (object?)run.ActorAvatarUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("status", run.Status);
        command.Parameters.AddWithValue("conclusion", (object?)run.Conclusion ?? DBNull.Value);
        command.Parameters.AddWithValue("created_at", run.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("started_at", NpgsqlDbType.TimestampTz, (object?)run.StartedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("updated_at", run.UpdatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("html_url", run.HtmlUrl);
        command.Parameters.AddWithValue("pull_requests", run.PullRequests);
        command.Parameters.AddWithValue("installation_id", NpgsqlDbType.Bigint, (object?)run.InstallationId ?? DBNull.Value);
        command.Parameters.AddWithValue("recorded_at", run.RecordedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task UpsertJobAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, WorkflowJobRecord job, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UpsertJobSql, connection, transaction);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("run_id", job.RunId);
        command.Parameters.AddWithValue("repository_id", job.RepositoryId);
        command.Parameters.AddWithValue("run_attempt", job.RunAttempt);
        command.Parameters.AddWithValue("name", job.Name);
        command.Parameters.AddWithValue("status", job.Status);
        command.Parameters.AddWithValue("conclusion", (object?)job.Conclusion ?? DBNull.Value);
        command.Parameters.AddWithValue("created_at", NpgsqlDbType.TimestampTz, (object?)job.CreatedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("started_at", NpgsqlDbType.TimestampTz, (object?)job.StartedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("completed_at", NpgsqlDbType.TimestampTz, (object?)job.CompletedAt?.ToUniversalTime() ?? DBNull.Value);
        command.Parameters.AddWithValue("runner_name", (object?)job.RunnerName ?? DBNull.Value);
        command.Parameters.AddWithValue("labels", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(job.Labels, Json));
        command.Parameters.AddWithValue("html_url", (object?)job.HtmlUrl ?? DBNull.Value);
        command.Parameters.AddWithValue("steps", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(job.Steps, Json));
        command.Parameters.AddWithValue("recorded_at", job.RecordedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A webhook arrived for the repository: it is covered once backfilled. True when this is the first webhook the
    /// table has for it (a coverage change, which <see cref="DashboardVersions"/> must hear of).</summary>
    private static async Task<bool> TouchRepositoryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long repositoryId, string repository,
        CancellationToken cancellationToken)
    {
        // The subquery in RETURNING sees the row as it was before this statement (PostgreSQL's statement snapshot).
        await using var command = new NpgsqlCommand("""
            INSERT INTO tracked_repositories (repository_id, repository, last_webhook_at) VALUES (@id, @repository, now())
            ON CONFLICT (repository_id) DO UPDATE SET last_webhook_at = excluded.last_webhook_at, repository = excluded.repository
            RETURNING COALESCE((SELECT before.last_webhook_at IS NULL FROM tracked_repositories before WHERE before.repository_id = @id), true)
            """, connection, transaction);
        command.Parameters.AddWithValue("id", repositoryId);
        command.Parameters.AddWithValue("repository", repository);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
