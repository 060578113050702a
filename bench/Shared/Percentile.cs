namespace ActionsDashboard.Bench.Shared;

/// <summary>Nearest-rank percentiles of measured values (NaN for none), as every bench prints them.</summary>
internal static class Percentile
{
    /// <param name="sorted">The values in ascending order.</param>
    /// <param name="q">0-1; 1 is the maximum.</param>
    public static double OfSorted(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static double Of(IEnumerable<double> values, double q) => OfSorted(values.Order().ToList(), q);
}
