using System.Text.Json;

namespace ActionsDashboard.Bench.Shared;

/// <summary>
/// One measured figure for <c>bench/compare.sh</c>: when <c>BENCH_FIGURES</c> names a file, each bench appends its figures to
/// it as JSON lines, and the script prints them as one table (figure, value, goal, met, comparison) and keeps them as JSON.
/// Without the variable nothing is written; the benches print their own output either way.
/// </summary>
internal static class Figures
{
    private static readonly Lock Gate = new();

    /// <param name="goal">The goal for this figure, in <paramref name="unit"/>; null when there is none.</param>
    /// <param name="higherIsBetter">True for throughput and ratios against a reference (req/s, ×nginx); false for latencies and sizes.</param>
    /// <param name="comparison">What the figure was measured against, side by side, in words (e.g. "nginx 24,100 req/s").</param>
    public static void Record(string goalId, string figure, double value, string unit, double? goal = null, bool higherIsBetter = false,
        string? comparison = null)
    {
        var path = Environment.GetEnvironmentVariable("BENCH_FIGURES");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        var line = JsonSerializer.Serialize(new
        {
            goal_id = goalId,
            figure,
            // Nothing measured (no sample arrived: NaN, or never: infinity) is null, and not met.
            value = double.IsFinite(value) ? Math.Round(value, 3) : (double?)null,
            unit,
            goal,
            higher_is_better = higherIsBetter,
            met = goal is null ? (bool?)null : double.IsFinite(value) && (higherIsBetter ? value >= goal : value <= goal),
            comparison,
        });
        lock (Gate)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }
}
