using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Webhooks.Bench;

/// <summary>One POST: when it started (wall clock, to line up with spans and arrivals), how long the answer took.</summary>
internal sealed record Sample(string DeliveryId, DateTime StartUtc, double AckMilliseconds, int Status);

internal static class Load
{
    /// <summary>Closed loop: <paramref name="concurrency"/> clients, each posting its next delivery as soon as the last is answered.</summary>
    public static async Task<List<Sample>> ClosedLoopAsync(HttpClient http, Uri url, DeliveryPool pool, TimeSpan duration, int concurrency)
    {
        var samples = new ConcurrentBag<Sample>();
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                samples.Add(await PostAsync(http, url, pool));
            }
        }));
        await Task.WhenAll(workers);
        return [.. samples];
    }

    /// <summary>Open loop: deliveries at a steady <paramref name="perSecond"/>, whether or not earlier ones were answered.</summary>
    public static async Task<List<Sample>> PacedAsync(HttpClient http, Uri url, DeliveryPool pool, TimeSpan duration, int perSecond)
    {
        var posts = new List<Task<Sample>>();
        var started = Stopwatch.GetTimestamp();
        var total = (int)(duration.TotalSeconds * perSecond);
        for (var i = 0; i < total; i++)
        {
            var due = started + (long)(i * Stopwatch.Frequency / (double)perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            posts.Add(Task.Run(() => PostAsync(http, url, pool)));
        }

        return [.. await Task.WhenAll(posts)];
    }

    private static async Task<Sample> PostAsync(HttpClient http, Uri url, DeliveryPool pool)
    {
        // The load generator shares the service's process, and so its OpenTelemetry listeners: its own HTTP calls are
        // not the service's work, and a deployed service never records them.
        using var untraced = SuppressInstrumentationScope.Begin();
        using var request = pool.NextRequest(url, out var deliveryId);
        var startUtc = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.LoadIntoBufferAsync();
            return new Sample(deliveryId, startUtc, Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)response.StatusCode);
        }
        catch (HttpRequestException)
        {
            return new Sample(deliveryId, startUtc, Stopwatch.GetElapsedTime(started).TotalMilliseconds, 0);
        }
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    public static string Row(string label, IReadOnlyList<double> values) =>
        values.Count == 0
            ? $"  {label,-52} (no data)"
            : $"  {label,-52} {Percentile(values, 50),9:0.00} {Percentile(values, 99),9:0.00} {values.Average(),9:0.00}";
}
