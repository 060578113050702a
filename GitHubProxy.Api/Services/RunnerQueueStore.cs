using GitHubProxy.Api.Model;
using Npgsql;

namespace GitHubProxy.Api.Services;

/// <summary>
/// Runner queues computed in SQL from the read model's jobs (the <c>workflow_job</c> webhooks), like
/// <see cref="InsightsStore"/>: one round trip. A job with several <c>runs-on</c> labels counts under each; a skipped job
/// never waited for a runner and is left out.
/// </summary>
public sealed class RunnerQueueStore(NpgsqlDataSource dataSource)
{
    private const string Waiting = "('queued', 'waiting', 'pending', 'requested')";
    private const string Wait = "extract(epoch FROM j.started_at - j.created_at)::float8";
    private const string Labels = "workflow_jobs j CROSS JOIN LATERAL jsonb_array_elements_text(j.labels) AS l(label)";
    private const string Started = "j.repository_id = ANY(@repositories) AND j.created_at >= @since AND j.started_at >= j.created_at AND j.conclusion IS DISTINCT FROM 'skipped'";

    private const string WaitingSql = $"""
        SELECT l.label, count(*)::int, min(j.created_at)
        FROM {Labels}
        WHERE j.repository_id = ANY(@repositories) AND j.created_at >= @since AND j.status IN {Waiting}
        GROUP BY l.label
        ORDER BY min(j.created_at), l.label
        """;

    private const string OverallSql = $"""
        SELECT l.label, count(*)::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY {Wait}), percentile_cont(0.95) WITHIN GROUP (ORDER BY {Wait}) AS p95
        FROM {Labels}
        WHERE {Started}
        GROUP BY l.label
        ORDER BY p95 DESC, l.label
        """;

    private const string DailySql = $"""
        SELECT l.label, (j.created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY {Wait}), percentile_cont(0.95) WITHIN GROUP (ORDER BY {Wait})
        FROM {Labels}
        WHERE {Started}
        GROUP BY l.label, day
        ORDER BY l.label, day
        """;

    // The repositories whose jobs asked for self-hosted runners in the window: only theirs are worth asking GitHub about.
    private const string SelfHostedSql = $"""
        SELECT DISTINCT j.repository_id
        FROM {Labels}
        WHERE j.repository_id = ANY(@repositories) AND j.created_at >= @since AND lower(l.label) = 'self-hosted'
        """;

    /// <summary>The queues, and the ids of the repositories with jobs for <c>self-hosted</c> runners in the window.</summary>
    public async Task<(RunnerQueues Queues, IReadOnlySet<long> SelfHostedRepositoryIds)> GetAsync(IReadOnlyList<RepositoryView> repositories, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (_, _, since) = InsightsStore.Window(now, days);
        var ids = repositories.Select(r => r.Id).Distinct().ToArray();
        var names = repositories.Select(r => r.FullName).ToArray();
        if (ids.Length == 0)
        {
            return (new RunnerQueues(days, since, [], [], [], now), new HashSet<long>());
        }

        NpgsqlParameter[] Parameters() => [new("repositories", ids), new("since", since.UtcDateTime)];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Command(WaitingSql, Parameters()), Command(OverallSql, Parameters()), Command(DailySql, Parameters()), Command(SelfHostedSql, Parameters()),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);

        var waiting = new List<WaitingLabel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var oldest = reader.GetFieldValue<DateTimeOffset>(2);
            waiting.Add(new WaitingLabel(reader.GetString(0), reader.GetInt32(1), oldest, Math.Max(0, (now - oldest).TotalSeconds)));
        }

        await reader.NextResultAsync(cancellationToken);
        var overall = new List<(string Label, int Jobs, double? P50, double? P95)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            overall.Add((reader.GetString(0), reader.GetInt32(1), NullableDouble(reader, 2), NullableDouble(reader, 3)));
        }

        await reader.NextResultAsync(cancellationToken);
        var daily = new Dictionary<string, List<DailyWait>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var label = reader.GetString(0);
            if (!daily.TryGetValue(label, out var list))
            {
                daily[label] = list = [];
            }

            list.Add(new DailyWait(reader.GetFieldValue<DateOnly>(1), reader.GetInt32(2), NullableDouble(reader, 3), NullableDouble(reader, 4)));
        }

        await reader.NextResultAsync(cancellationToken);
        var selfHosted = new HashSet<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            selfHosted.Add(reader.GetInt64(0));
        }

        var labels = overall.Select(o => new LabelWaits(o.Label, o.Jobs, o.P50, o.P95, daily.GetValueOrDefault(o.Label) ?? [])).ToArray();
        return (new RunnerQueues(days, since, names, waiting, labels, now), selfHosted);
    }

    private static NpgsqlBatchCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
