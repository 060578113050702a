using System.Globalization;

namespace GitHub.Simulator.Apis;

/// <summary>The filters of <c>GET /repos/{owner}/{repo}/actions/runs</c>: branch, status (or conclusion), event, actor, created, head_sha.</summary>
/// <remarks>https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository</remarks>
public sealed record RunQuery(string? Branch, string? Status, string? Event, string? Actor, string? HeadSha, DateTimeOffset? From, DateTimeOffset? Until)
{
    private static readonly HashSet<string> Statuses = new(StringComparer.Ordinal)
    {
        "requested", "queued", "in_progress", "completed", "waiting", "pending",
    };

    public static bool TryParse(IQueryCollection query, out RunQuery runQuery, out string? error)
    {
        ArgumentNullException.ThrowIfNull(query);
        runQuery = new RunQuery(Value(query, "branch"), Value(query, "status"), Value(query, "event"), Value(query, "actor"), Value(query, "head_sha"), null, null);
        error = null;
        if (Value(query, "created") is not { } created)
        {
            return true;
        }
        if (!TryParseCreated(created, out var from, out var until))
        {
            error = $"'{created}' is not a date filter GitHub understands (e.g. 2024-01-31, >=2024-01-01, 2024-01-01..2024-01-31).";
            return false;
        }
        runQuery = runQuery with { From = from, Until = until };
        return true;
    }

    public bool Matches(WorkflowRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (Branch is not null && run.HeadBranch != Branch)
        {
            return false;
        }
        if (Status is not null && (Statuses.Contains(Status) ? run.Status != Status : run.Conclusion != Status))
        {
            return false;
        }
        if (Event is not null && run.Event != Event)
        {
            return false;
        }
        if (Actor is not null && !run.Actor.Login.Equals(Actor, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        if (HeadSha is not null && !run.HeadSha.Equals(HeadSha, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return (From is null || run.CreatedAt >= From) && (Until is null || run.CreatedAt < Until);
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrWhiteSpace(values.ToString()) ? values.ToString().Trim() : null;

    /// <summary>GitHub's search date syntax, as a half-open range [from, until).</summary>
    private static bool TryParseCreated(string text, out DateTimeOffset? from, out DateTimeOffset? until)
    {
        from = null;
        until = null;
        var range = text.Split("..", 2);
        if (range.Length == 2)
        {
            if (range[0] != "*")
            {
                if (!TryParseMoment(range[0], out var start, out _))
                {
                    return false;
                }
                from = start;
            }
            if (range[1] != "*")
            {
                if (!TryParseMoment(range[1], out var end, out var endIsDay))
                {
                    return false;
                }
                until = endIsDay ? end.AddDays(1) : end.AddSeconds(1);
            }
            return true;
        }
        foreach (var op in new[] { ">=", "<=", ">", "<" })
        {
            if (!text.StartsWith(op, StringComparison.Ordinal))
            {
                continue;
            }
            if (!TryParseMoment(text[op.Length..], out var moment, out var isDay))
            {
                return false;
            }
            var next = isDay ? moment.AddDays(1) : moment.AddSeconds(1);
            switch (op)
            {
                case ">=": from = moment; break;
                case ">": from = next; break;
                case "<=": until = next; break;
                default: until = moment; break;
            }
            return true;
        }
        if (!TryParseMoment(text, out var exact, out var exactIsDay))
        {
            return false;
        }
        from = exact;
        until = exactIsDay ? exact.AddDays(1) : exact.AddSeconds(1);
        return true;
    }

    private static bool TryParseMoment(string text, out DateTimeOffset moment, out bool isDay)
    {
        isDay = text.Length == 10;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out moment);
    }
}
