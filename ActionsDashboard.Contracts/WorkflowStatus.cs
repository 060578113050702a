namespace ActionsDashboard.Contracts;

/// <summary>
/// The statuses of runs, jobs and steps, how a missing one is filled in, and their order. GitHub neither orders nor
/// guarantees deliveries, so a consumer never moves a run or job back: <c>requested</c>, <c>queued</c>,
/// <c>pending</c>, <c>waiting</c> (rank 0) &lt; <c>in_progress</c> (1) &lt; <c>completed</c> (2). The read model's
/// upsert ranks in SQL with <see cref="RankSql"/>, and the browser with <c>statusRank</c> in <c>lib/runs.ts</c>; a
/// test checks both against <see cref="Rank"/>.
/// </summary>
public static class WorkflowStatus
{
    public const string Queued = "queued";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";

    /// <summary>The statuses ranked above 0, lowest first; everything else (also a status GitHub adds later) ranks 0.</summary>
    public static readonly IReadOnlyList<string> Ranked = [InProgress, Completed];

    public static int Rank(string? status) => status is null ? 0 : Ranked.IndexOf(status) + 1;

    /// <summary><see cref="Rank"/> as a SQL expression over <paramref name="table"/>'s <c>status</c> column.</summary>
    public static string RankSql(string table) =>
        $"CASE {table}.status {string.Join(' ', Ranked.Select((status, index) => $"WHEN '{status}' THEN {index + 1}"))} ELSE 0 END";

    /// <summary>
    /// GitHub always sends a status in what we have seen; when one is missing or blank, a run, job or step with a
    /// conclusion is <c>completed</c>, else <c>queued</c>. The same rule for REST answers and webhooks (not the
    /// webhook's action, which a REST answer lacks), so a reload shows what the live update showed.
    /// </summary>
    public static string Normalize(string? status, string? conclusion) =>
        !string.IsNullOrWhiteSpace(status) ? status : !string.IsNullOrWhiteSpace(conclusion) ? Completed : Queued;

    private static int IndexOf(this IReadOnlyList<string> statuses, string status)
    {
        for (var i = 0; i < statuses.Count; i++)
        {
            if (string.Equals(statuses[i], status, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
