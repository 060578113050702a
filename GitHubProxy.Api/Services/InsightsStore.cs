using GitHubProxy.Api.Model;
using Npgsql;
using NpgsqlTypes;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Insights computed in SQL from the read model (never from GitHub): counts, <c>percentile_cont</c> percentiles, failure
/// streaks and flaky jobs. Each answer is one round trip (a batch of statements). Rows are read by GitHub's repository id,
/// which the caller took from the user's current access list.
/// </summary>
/// <remarks>
/// Conclusions: <c>success</c> passed; <c>failure</c>, <c>timed_out</c> and <c>startup_failure</c> failed; everything else
/// (<c>cancelled</c>, <c>skipped</c>, <c>neutral</c>, <c>action_required</c>, <c>stale</c>, not finished) counts neither way.
/// A run's duration is its last update minus its start (<c>run_started_at</c>, the latest attempt's), or its creation when
/// the start is unknown; a job's queue time is its start minus its creation.
/// </remarks>
public sealed class InsightsStore(NpgsqlDataSource dataSource)
{
    public const int TopRows = 10;
    private const string SortMemory = "64MB";

    private const string Failed = "('failure', 'timed_out', 'startup_failure')";
    private const string RunSeconds = "extract(epoch FROM r.updated_at - COALESCE(r.started_at, r.created_at))::float8";
    private const string Counted = $"(r.status = 'completed' AND (r.conclusion = 'success' OR r.conclusion IN {Failed}))";
    private const string WorkflowRuns = """
        r.repository_id = @repository AND r.workflow_id = @workflow AND r.created_at >= @since
        AND (@branch::text IS NULL OR r.branch = @branch)
        """;
    private const string JobsOfRuns = "JOIN workflow_jobs j ON j.run_id = r.id AND j.repository_id = r.repository_id";

    private const string SummarySql = $"""
        SELECT count(*)::int, count(*) FILTER (WHERE r.status = 'completed')::int,
            count(*) FILTER (WHERE r.conclusion = 'success')::int, count(*) FILTER (WHERE r.conclusion IN {Failed})::int,
            count(*) FILTER (WHERE r.conclusion = 'cancelled')::int,
            count(*) FILTER (WHERE {Counted})::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY {RunSeconds}) FILTER (WHERE {Counted}),
            percentile_cont(0.95) WITHIN GROUP (ORDER BY {RunSeconds}) FILTER (WHERE {Counted}),
            (array_agg(r.workflow_name ORDER BY r.created_at DESC))[1]
        FROM workflow_runs r
        WHERE {WorkflowRuns}
        """;

    private const string QueueSql = $"""
        SELECT count(*)::int, percentile_cont(0.5) WITHIN GROUP (ORDER BY q.seconds), percentile_cont(0.95) WITHIN GROUP (ORDER BY q.seconds)
        FROM (SELECT extract(epoch FROM j.started_at - j.created_at)::float8 AS seconds
              FROM workflow_runs r {JobsOfRuns}
              WHERE {WorkflowRuns} AND j.started_at >= j.created_at AND j.conclusion IS DISTINCT FROM 'skipped') q
        """;

    private const string DailySql = $"""
        WITH days AS (SELECT d::date AS day FROM generate_series(@first_day::date, @today::date, interval '1 day') AS d),
        per_day AS (
            SELECT (r.created_at AT TIME ZONE 'UTC')::date AS day,
                count(*) FILTER (WHERE r.conclusion = 'success')::int AS successes,
                count(*) FILTER (WHERE r.conclusion IN {Failed})::int AS failures,
                count(*) FILTER (WHERE r.conclusion = 'cancelled')::int AS cancellations,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY {RunSeconds}) FILTER (WHERE {Counted}) AS p50
            FROM workflow_runs r
            WHERE {WorkflowRuns}
            GROUP BY 1),
        queue_per_day AS (
            SELECT (r.created_at AT TIME ZONE 'UTC')::date AS day,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.started_at - j.created_at)::float8) AS p50
            FROM workflow_runs r {JobsOfRuns}
            WHERE {WorkflowRuns} AND j.started_at >= j.created_at AND j.conclusion IS DISTINCT FROM 'skipped'
            GROUP BY 1)
        SELECT days.day, COALESCE(p.successes, 0), COALESCE(p.failures, 0), COALESCE(p.cancellations, 0), p.p50, q.p50
        FROM days LEFT JOIN per_day p ON p.day = days.day LEFT JOIN queue_per_day q ON q.day = days.day
        ORDER BY days.day
        """;

    private static readonly string SlowestJobsSql = $"""
        SELECT j.name, count(*)::int AS runs,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.started_at)::float8) AS p50,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM j.completed_at - j.started_at)::float8) AS p95
        FROM workflow_runs r {JobsOfRuns}
        WHERE {WorkflowRuns} AND j.status = 'completed' AND j.conclusion NOT IN ('skipped', 'cancelled') AND j.completed_at >= j.started_at
        GROUP BY j.name
        ORDER BY p50 DESC, j.name
        LIMIT {TopRows}
        """;

    // The latest passed run on the branch bounds the streak; every failed run after it belongs to the streak. Cancelled and
    // skipped runs are not completed verdicts, so they neither break nor extend it. Not limited to the window: a streak is as
    // old as the read model knows.
    private const string StreakSql = $"""
        WITH verdicts AS (
            SELECT r.id, r.run_number, r.head_sha, r.created_at, r.conclusion = 'success' AS passed
            FROM workflow_runs r
            WHERE r.repository_id = @repository AND r.workflow_id = @workflow AND r.branch = @streak_branch AND {Counted}),
        last_pass AS (SELECT max(created_at) AS at FROM verdicts WHERE passed)
        SELECT v.id, v.run_number, v.head_sha, v.created_at, (count(*) OVER ())::int
        FROM verdicts v, last_pass
        WHERE NOT v.passed AND (last_pass.at IS NULL OR v.created_at > last_pass.at)
        ORDER BY v.created_at, v.id
        LIMIT 1
        """;

    private const string SelectedRuns = "r.repository_id = ANY(@repositories) AND r.created_at >= @since";

    private static readonly string FlakySql = $"""
        WITH per_commit AS (
            SELECT r.repository_id, r.workflow_id, j.name, r.head_sha, max(r.workflow_name) AS workflow_name,
                bool_or(j.conclusion = 'success') AND bool_or(j.conclusion IN {Failed}) AS flaky,
                max(j.completed_at) AS last_completed
            FROM workflow_runs r {JobsOfRuns}
            WHERE {SelectedRuns} AND j.status = 'completed' AND (j.conclusion = 'success' OR j.conclusion IN {Failed})
            GROUP BY r.repository_id, r.workflow_id, j.name, r.head_sha)
        SELECT repository_id, workflow_id, max(workflow_name), name, count(*) FILTER (WHERE flaky)::int AS flaky_commits,
            count(*)::int AS commits, max(last_completed) FILTER (WHERE flaky)
        FROM per_commit
        GROUP BY repository_id, workflow_id, name
        HAVING bool_or(flaky)
        ORDER BY count(*) FILTER (WHERE flaky)::float8 / count(*) DESC, flaky_commits DESC, name
        LIMIT {TopRows}
        """;

    private const string WorkflowsSql = $"""
        SELECT r.repository_id, r.workflow_id, max(r.workflow_name), count(*)::int,
            count(*) FILTER (WHERE r.conclusion IN {Failed})::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY {RunSeconds}),
            percentile_cont(0.95) WITHIN GROUP (ORDER BY {RunSeconds})
        FROM workflow_runs r
        WHERE {SelectedRuns} AND {Counted}
        GROUP BY r.repository_id, r.workflow_id
        """;

    private static readonly string LabelsSql = $"""
        SELECT l.label, count(*)::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM j.started_at - j.created_at)::float8),
            percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM j.started_at - j.created_at)::float8) AS p95
        FROM workflow_jobs j CROSS JOIN LATERAL jsonb_array_elements_text(j.labels) AS l(label)
        WHERE j.repository_id = ANY(@repositories) AND j.created_at >= @since AND j.started_at >= j.created_at
            AND j.conclusion IS DISTINCT FROM 'skipped'
        GROUP BY l.label
        ORDER BY p95 DESC, l.label
        LIMIT {TopRows * 2}
        """;

    // The branch's latest commits by when they were first seen (a re-run does not move a commit up), then the latest run of
    // each workflow on each of them.
    private const string CommitsSql = """
        WITH commits AS (
            SELECT r.head_sha, min(r.created_at) AS pushed_at
            FROM workflow_runs r
            WHERE r.repository_id = @repository AND r.branch = @branch
            GROUP BY r.head_sha
            ORDER BY pushed_at DESC, r.head_sha
            LIMIT @limit),
        first_runs AS (
            SELECT DISTINCT ON (r.head_sha) r.head_sha, r.commit_message, r.actor_login, r.actor_avatar_url
            FROM workflow_runs r JOIN commits c ON c.head_sha = r.head_sha
            WHERE r.repository_id = @repository AND r.branch = @branch
            ORDER BY r.head_sha, (r.commit_message IS NULL), r.created_at, r.id)
        SELECT c.head_sha, c.pushed_at, f.commit_message, f.actor_login, f.actor_avatar_url,
            l.workflow_id, l.workflow_name, l.id, l.run_number, l.run_attempt, l.status, l.conclusion, l.created_at, l.html_url
        FROM commits c
        JOIN first_runs f ON f.head_sha = c.head_sha
        JOIN LATERAL (
            SELECT DISTINCT ON (r.workflow_id) r.*
            FROM workflow_runs r
            WHERE r.repository_id = @repository AND r.branch = @branch AND r.head_sha = c.head_sha
            ORDER BY r.workflow_id, r.created_at DESC, r.id DESC) l ON true
        ORDER BY c.pushed_at DESC, c.head_sha, l.workflow_id
        """;

    // For each failed run asked about: the latest passed run before it on its workflow and branch bounds the streak, whose
    // oldest failed run and length are found through the (repository, workflow, branch, created_at) index.
    private const string FailingSinceSql = $"""
        SELECT t.id, t.branch, f.id, f.run_number, f.head_sha, f.created_at, n.failed
        FROM workflow_runs t
        CROSS JOIN LATERAL (
            SELECT max(p.created_at) AS at FROM workflow_runs p
            WHERE p.repository_id = t.repository_id AND p.workflow_id = t.workflow_id AND p.branch = t.branch
              AND p.conclusion = 'success' AND p.created_at < t.created_at) last_pass
        CROSS JOIN LATERAL (
            SELECT r.id, r.run_number, r.head_sha, r.created_at FROM workflow_runs r
            WHERE r.repository_id = t.repository_id AND r.workflow_id = t.workflow_id AND r.branch = t.branch
              AND r.conclusion IN {Failed} AND r.created_at > COALESCE(last_pass.at, '-infinity') AND r.created_at <= t.created_at
            ORDER BY r.created_at, r.id
            LIMIT 1) f
        CROSS JOIN LATERAL (
            SELECT count(*)::int AS failed FROM workflow_runs r
            WHERE r.repository_id = t.repository_id AND r.workflow_id = t.workflow_id AND r.branch = t.branch
              AND r.conclusion IN {Failed} AND r.created_at > COALESCE(last_pass.at, '-infinity') AND r.created_at <= t.created_at) n
        WHERE t.id = ANY(@runs) AND t.repository_id = ANY(@repositories) AND t.branch IS NOT NULL AND t.conclusion IN {Failed}
        """;

    /// <summary>The statements the insights run, for EXPLAIN in the bench.</summary>
    public static IReadOnlyDictionary<string, string> Statements { get; } = new Dictionary<string, string>
    {
        ["workflow summary"] = SummarySql, ["workflow queue time"] = QueueSql, ["workflow daily"] = DailySql,
        ["workflow slowest jobs"] = SlowestJobsSql, ["workflow failing since"] = StreakSql,
        ["commit grid"] = CommitsSql, ["failing since (dashboard rows)"] = FailingSinceSql, ["flaky jobs"] = FlakySql, ["workflows"] = WorkflowsSql, ["queue time by label"] = LabelsSql,
    };

    /// <summary>The first UTC day of a window of <paramref name="days"/> days ending today, and the instant it starts.</summary>
    public static (DateOnly FirstDay, DateOnly Today, DateTimeOffset Since) Window(DateTimeOffset now, int days)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(1 - days);
        return (first, today, new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }

    public async Task<WorkflowInsights> GetWorkflowInsightsAsync(
        RepositoryView repository, long workflowId, string? branch, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (firstDay, today, since) = Window(now, days);
        var streakBranch = branch ?? repository.DefaultBranch;
        NpgsqlParameter[] Parameters() =>
        [
            new("repository", repository.Id), new("workflow", workflowId), new("since", since.UtcDateTime),
            new("branch", NpgsqlDbType.Text) { Value = (object?)branch ?? DBNull.Value },
        ];

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(SummarySql, Parameters()),
                Command(QueueSql, Parameters()),
                Command(DailySql, [.. Parameters(), new("first_day", firstDay), new("today", today)]),
                Command(SlowestJobsSql, Parameters()),
                Command(StreakSql, [new("repository", repository.Id), new("workflow", workflowId), new("streak_branch", streakBranch)]),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        await reader.ReadAsync(cancellationToken);
        var successes = reader.GetInt32(2);
        var failures = reader.GetInt32(3);
        var runs = new RunCounts(reader.GetInt32(0), reader.GetInt32(1), successes, failures, reader.GetInt32(4),
            successes + failures > 0 ? (double)successes / (successes + failures) : null);
        var duration = new Percentiles(reader.GetInt32(5), NullableDouble(reader, 6), NullableDouble(reader, 7));
        var workflowName = reader.IsDBNull(8) ? null : reader.GetString(8);

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var queue = new Percentiles(reader.GetInt32(0), NullableDouble(reader, 1), NullableDouble(reader, 2));

        await reader.NextResultAsync(cancellationToken);
        var daily = new List<DailyRuns>(days);
        while (await reader.ReadAsync(cancellationToken))
        {
            daily.Add(new DailyRuns(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), NullableDouble(reader, 4),
                NullableDouble(reader, 5)));
        }

        await reader.NextResultAsync(cancellationToken);
        var jobs = new List<JobDurations>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new JobDurations(reader.GetString(0), reader.GetInt32(1), NullableDouble(reader, 2), NullableDouble(reader, 3)));
        }

        await reader.NextResultAsync(cancellationToken);
        FailureStreak? streak = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            streak = new FailureStreak(streakBranch, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4));
        }

        return new WorkflowInsights(repository.FullName, workflowId, workflowName, branch, days, since, runs, duration, queue, daily, jobs, streak, now);
    }

    public async Task<InsightsResponse> GetInsightsAsync(IReadOnlyList<RepositoryView> repositories, int days, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var (_, _, since) = Window(now, days);
        var names = repositories.ToDictionary(r => r.Id, r => r.FullName);
        var ids = names.Keys.ToArray();
        if (ids.Length == 0)
        {
            return new InsightsResponse(days, since, [], [], [], [], [], now);
        }

        NpgsqlParameter[] Parameters() => [new("repositories", ids), new("since", since.UtcDateTime)];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The percentiles sort every job of the window (hundreds of thousands at 200 repositories): in memory, not on disk.
        await using (var memory = new NpgsqlCommand($"SET LOCAL work_mem = '{SortMemory}'", connection, transaction))
        {
            await memory.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { Command(FlakySql, Parameters()), Command(WorkflowsSql, Parameters()), Command(LabelsSql, Parameters()) },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var flaky = new List<FlakyJob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var flakyCommits = reader.GetInt32(4);
            var commits = reader.GetInt32(5);
            flaky.Add(new FlakyJob(names[reader.GetInt64(0)], reader.GetInt64(1), reader.GetString(2), reader.GetString(3), flakyCommits, commits,
                (double)flakyCommits / commits, reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6)));
        }

        await reader.NextResultAsync(cancellationToken);
        var workflows = new List<(WorkflowFailures Failures, WorkflowDurations Durations)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (repository, workflowId, name, count, failures) =
                (names[reader.GetInt64(0)], reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4));
            workflows.Add((new WorkflowFailures(repository, workflowId, name, count, failures, (double)failures / count),
                new WorkflowDurations(repository, workflowId, name, count, NullableDouble(reader, 5), NullableDouble(reader, 6))));
        }

        await reader.NextResultAsync(cancellationToken);
        var labels = new List<LabelQueueTime>();
        while (await reader.ReadAsync(cancellationToken))
        {
            labels.Add(new LabelQueueTime(reader.GetString(0), reader.GetInt32(1), NullableDouble(reader, 2), NullableDouble(reader, 3)));
        }

        var failing = workflows.Select(w => w.Failures).Where(w => w.Failures > 0)
            .OrderByDescending(w => w.FailureRate).ThenByDescending(w => w.Failures).ThenBy(w => w.Repository, StringComparer.OrdinalIgnoreCase)
            .ThenBy(w => w.WorkflowName, StringComparer.OrdinalIgnoreCase)
            .Take(TopRows).ToArray();
        var slowest = workflows.Select(w => w.Durations)
            .OrderByDescending(w => w.P50Seconds).ThenBy(w => w.Repository, StringComparer.OrdinalIgnoreCase)
            .ThenBy(w => w.WorkflowName, StringComparer.OrdinalIgnoreCase)
            .Take(TopRows).ToArray();
        return new InsightsResponse(days, since, [.. repositories.Select(r => r.FullName)], flaky, failing, slowest, labels, now);
    }

    public async Task<CommitGrid> GetCommitGridAsync(RepositoryView repository, string branch, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(CommitsSql, connection);
        command.Parameters.AddWithValue("repository", repository.Id);
        command.Parameters.AddWithValue("branch", branch);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var commits = new List<CommitRow>();
        var workflows = new Dictionary<long, string>();
        List<CommitRun>? runs = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var sha = reader.GetString(0);
            if (runs is null || commits[^1].HeadSha != sha)
            {
                runs = [];
                var actor = reader.IsDBNull(3) ? null : new Actor(reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
                commits.Add(new CommitRow(sha, reader.IsDBNull(2) ? null : reader.GetString(2), actor, reader.GetFieldValue<DateTimeOffset>(1), runs));
            }

            var workflowId = reader.GetInt64(5);
            var createdAt = reader.GetFieldValue<DateTimeOffset>(12);
            // The column takes the name of the workflow's newest run in the grid (rows come newest commit first).
            workflows.TryAdd(workflowId, reader.GetString(6));
            runs.Add(new CommitRun(workflowId, reader.GetInt64(7), reader.GetInt64(8), reader.GetInt32(9), reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11), createdAt, reader.GetString(13)));
        }

        var columns = workflows.Select(w => new WorkflowColumn(w.Key, w.Value))
            .OrderBy(w => w.Name, StringComparer.OrdinalIgnoreCase).ThenBy(w => w.Id).ToArray();
        return new CommitGrid(repository.FullName, branch, limit, columns, commits, now);
    }

    /// <summary>The failure streaks the failed runs among <paramref name="runIds"/> end, for runs of <paramref name="repositoryIds"/> only.</summary>
    public async Task<FailingRunsResponse> GetFailingSinceAsync(long[] runIds, long[] repositoryIds, CancellationToken cancellationToken)
    {
        if (runIds.Length == 0 || repositoryIds.Length == 0)
        {
            return new FailingRunsResponse([]);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(FailingSinceSql, connection);
        command.Parameters.AddWithValue("runs", runIds);
        command.Parameters.AddWithValue("repositories", repositoryIds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<FailingRun>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new FailingRun(reader.GetInt64(0), new FailureStreak(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6))));
        }

        return new FailingRunsResponse(runs);
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
