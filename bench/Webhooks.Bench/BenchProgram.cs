using System.Diagnostics;
using System.Globalization;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.TestInfrastructure;
using Webhooks.Api.IntegrationEvents;

namespace Webhooks.Bench;

/// <summary>
/// Webhook ingestion, measured: sustained deliveries/s with real signatures and durable storage, p50/p99 time to
/// acknowledge, time from POST to a consumer's handler, and where that time goes.
///   dotnet run -c Release --project bench/Webhooks.Bench -- [--seconds 10] [--concurrency 32] [--rate 200] [--writers 1] [--max-batch 64]
/// (--writers and --max-batch set Webhooks:Ingestion, the group commit's writers and batch cap).
/// </summary>
internal static class BenchProgram
{
    private const string Secret = "bench-webhook-secret";
    private const string Exchange = "bench.events";

    public static async Task<int> Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        var seconds = Option(args, "--seconds", 10);
        var concurrency = Option(args, "--concurrency", 32);
        var rate = Option(args, "--rate", 200);
        var writers = Option(args, "--writers", 1);
        var maxBatch = Option(args, "--max-batch", 64);

        Console.WriteLine($"Webhooks.Api ingestion bench: {Environment.ProcessorCount} cores shared by the load generator, the service, " +
            "PostgreSQL 15 (fsync on, synchronous_commit on) and RabbitMQ 3.10, all on this machine.");
        Console.WriteLine($"Load average before: {LoadAverage()}");
        Console.WriteLine("Starting PostgreSQL and RabbitMQ...");
        await using var postgres = new DurablePostgres();
        await postgres.StartAsync();
        await postgres.CreateDatabaseAsync("webhooksdb");
        var rabbitMQ = new RabbitMQServerFixture();
        await rabbitMQ.InitializeAsync();
        try
        {
            using var spans = new Spans();
            using var batchMeter = new BatchMeter();
            await using var api = new BenchApiFactory(new Dictionary<string, string?>
            {
                ["ConnectionStrings:webhooksdb"] = postgres.ConnectionString("webhooksdb"),
                ["ConnectionStrings:eventbus"] = rabbitMQ.ConnectionString,
                ["EventBus:ExchangeName"] = Exchange,
                ["GitHub:WebhookSecret"] = Secret,
                ["Logging:LogLevel:Default"] = "Warning",
                ["Webhooks:Ingestion:Writers"] = writers.ToString(CultureInfo.InvariantCulture),
                ["Webhooks:Ingestion:MaxBatchSize"] = maxBatch.ToString(CultureInfo.InvariantCulture),
            });
            api.StartServer();
            var url = new Uri(api.BaseAddress, "/webhooks/github");
            await using var consumer = await BenchConsumer.StartAsync(rabbitMQ.ConnectionString, Exchange);
            var pool = DeliveryPool.Create(SamplesFolder(), Secret, 2_000);
            using var http = new HttpClient(new SocketsHttpHandler
            {
                UseProxy = false,
                MaxConnectionsPerServer = Math.Max(concurrency, 64),
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            });

            var rabbitMQPid = CpuMeter.RabbitMQPid(rabbitMQ.Port) ?? 0;
            Console.WriteLine($"Group commit: {writers} writer(s), at most {maxBatch} deliveries a statement (Webhooks:Ingestion).");
            Console.WriteLine($"Service on {api.BaseAddress}; deliveries: workflow_run / workflow_job samples, {pool.AverageBodyBytes / 1024:0.0} KB on average, " +
                "each with a new X-GitHub-Delivery and a real X-Hub-Signature-256.");
            Console.WriteLine();
            await Load.ClosedLoopAsync(http, url, pool, TimeSpan.FromSeconds(3), concurrency);

            // 0. The ceiling of HTTP alone on this machine: the same POSTs to a path nothing handles (a 404 problem).
            var baseline = await Load.ClosedLoopAsync(http, new Uri(api.BaseAddress, "/not-a-route"), pool, TimeSpan.FromSeconds(3), concurrency);
            Console.WriteLine($"0. Same POSTs ({concurrency} clients) to an unrouted path, HTTP alone: {baseline.Count / 3.0,6:0} requests/s, " +
                $"p50 {Stats.Percentile(baseline.Select(s => s.AckMilliseconds).ToList(), 50):0.00} ms");
            Console.WriteLine();

            // 1. Throughput: as many deliveries as the clients can push, each stored durably before its 202.
            var cpuBefore = (Self: Environment.CpuUsage.TotalTime.TotalSeconds, Postgres: CpuMeter.Seconds(postgres.ProcessId),
                RabbitMQ: CpuMeter.Seconds(rabbitMQPid));
            var sustainedStart = Stopwatch.GetTimestamp();
            batchMeter.Reset();
            var sustained = await Load.ClosedLoopAsync(http, url, pool, TimeSpan.FromSeconds(seconds), concurrency);
            var sustainedBatches = batchMeter.Totals;
            var sustainedElapsed = Stopwatch.GetElapsedTime(sustainedStart);
            var cpuAfter = (Self: Environment.CpuUsage.TotalTime.TotalSeconds, Postgres: CpuMeter.Seconds(postgres.ProcessId),
                RabbitMQ: CpuMeter.Seconds(rabbitMQPid));
            var accepted = sustained.Where(s => s.Status == 202).ToList();
            var drainStart = Stopwatch.GetTimestamp();
            var drained = await WaitForArrivalsAsync(consumer.Arrivals, accepted, TimeSpan.FromSeconds(60));
            var drainTime = Stopwatch.GetElapsedTime(drainStart);
            var sustainedEndToEnd = EndToEnd(consumer.Arrivals, accepted);

            Console.WriteLine($"1. Sustained load: {concurrency} concurrent clients for {seconds} s (closed loop)");
            Console.WriteLine($"  deliveries/s acknowledged (202, stored durably):   {accepted.Count / sustainedElapsed.TotalSeconds,9:0}");
            Console.WriteLine($"  errors (non-202):                                  {sustained.Count - accepted.Count,9}");
            Console.WriteLine($"  {"",-52} {"p50 ms",9} {"p99 ms",9} {"mean ms",9}");
            Console.WriteLine(Stats.Row("time to acknowledge (POST → 202)", accepted.Select(s => s.AckMilliseconds).ToList()));
            Console.WriteLine(Stats.Row("POST → consumer's handler", sustainedEndToEnd));
            Console.WriteLine($"  statements (group commits): {sustainedBatches.Batches} for {sustainedBatches.Deliveries} deliveries, " +
                $"{sustainedBatches.Deliveries / (double)Math.Max(1, sustainedBatches.Batches):0.0} a statement on average");
            Console.WriteLine($"  consumer had every event {drainTime.TotalSeconds:0.00} s after the load stopped ({(drained ? "all" : "NOT all")} {accepted.Count} arrived)");
            var ackP99 = Stats.Percentile(accepted.Select(s => s.AckMilliseconds).ToList(), 99);
            Figures.Record("5", $"signed deliveries/s acknowledged, {concurrency} clients (service direct)", accepted.Count / sustainedElapsed.TotalSeconds, "/s", 1500,
                higherIsBetter: true, comparison: $"HTTP alone on an unrouted path: {baseline.Count / 3.0:0}/s; {sustained.Count - accepted.Count} errors");
            Figures.Record("5", "acknowledgement p99 at that load", ackP99, "ms", 50);
            var perDelivery = 1000.0 / Math.Max(1, accepted.Count);
            var cpuSelf = (cpuAfter.Self - cpuBefore.Self) * perDelivery;
            var cpuPostgres = (cpuAfter.Postgres - cpuBefore.Postgres) * perDelivery;
            var cpuRabbitMQ = (cpuAfter.RabbitMQ - cpuBefore.RabbitMQ) * perDelivery;
            Console.WriteLine($"  CPU per delivery: {cpuSelf + cpuPostgres + cpuRabbitMQ:0.00} ms = this process {cpuSelf:0.00} ms (load generator, service, " +
                $"outbox, consumer) + PostgreSQL {cpuPostgres:0.00} ms + RabbitMQ {cpuRabbitMQ:0.00} ms; " +
                $"the machine has {Environment.ProcessorCount * 1000.0 / (cpuSelf + cpuPostgres + cpuRabbitMQ):0} deliveries/s of CPU at that cost");
            Console.WriteLine();

            // 2. Latency at a steady rate, with the service's own spans on to split each delivery's time.
            spans.Enabled = true;
            var paced = await Load.PacedAsync(http, url, pool, TimeSpan.FromSeconds(Math.Max(5, seconds / 2)), rate);
            var pacedAccepted = paced.Where(s => s.Status == 202).ToList();
            await WaitForArrivalsAsync(consumer.Arrivals, pacedAccepted, TimeSpan.FromSeconds(30));
            spans.Enabled = false;
            PrintBreakdown(rate, paced, pacedAccepted, consumer.Arrivals, spans);

            // 3. CPU per delivery of the steps before the answer, measured alone.
            PrintCpuCosts(pool);
            Console.WriteLine();
            Console.WriteLine($"Load average after: {LoadAverage()} (other work on this machine inflates every figure above).");
            Console.WriteLine("Not measured here: the gateway hop (YARP) in front of the service; bench/run.sh measures the gateway's cost per request.");
            return 0;
        }
        finally
        {
            await rabbitMQ.DisposeAsync();
        }
    }

    private static void PrintBreakdown(int rate, List<Sample> paced, List<Sample> accepted, Arrivals arrivals, Spans spans)
    {
        var pickup = new List<double>();
        var confirm = new List<double>();
        var toHandler = new List<double>();
        foreach (var sample in accepted)
        {
            if (!arrivals.TryGet(sample.DeliveryId, out var arrival) || !spans.Publishes.TryGetValue(arrival.EventId.ToString(), out var publish))
            {
                continue;
            }

            var acknowledgedUtc = sample.StartUtc.AddMilliseconds(sample.AckMilliseconds);
            pickup.Add(Math.Max(0, (publish.StartUtc - acknowledgedUtc).TotalMilliseconds));
            confirm.Add(publish.Milliseconds);
            toHandler.Add((arrival.ReceivedUtc - publish.StartUtc).TotalMilliseconds);
        }

        var ack = accepted.Select(s => s.AckMilliseconds).ToList();
        var server = spans.RequestMilliseconds.ToList();
        var insert = spans.BatchDatabaseMilliseconds.ToList();
        var batchSizes = spans.BatchSizes.ToList();
        Console.WriteLine($"2. Steady {rate} deliveries/s for {paced.Count / rate} s (open loop), with the service's spans recorded");
        Console.WriteLine($"  errors (non-202): {paced.Count - accepted.Count}");
        Console.WriteLine($"  {"",-52} {"p50 ms",9} {"p99 ms",9} {"mean ms",9}");
        Console.WriteLine(Stats.Row("time to acknowledge (POST → 202, client side)", ack));
        Console.WriteLine(Stats.Row("  in the service (ASP.NET Core request span)", server));
        Console.WriteLine(Stats.Row("    INSERT + outbox per batch, one commit (Npgsql)", insert));
        Console.WriteLine($"  {"    read + verify + parse + translate + queue (rest)",-52} {Stats.Percentile(server, 50) - Stats.Percentile(insert, 50),9:0.00} {"",9} {server.DefaultIfEmpty().Average() - insert.DefaultIfEmpty().Average(),9:0.00}");
        Console.WriteLine($"  {"    deliveries per batch (statement)",-52} {Stats.Percentile(batchSizes.Select(b => (double)b).ToList(), 50),9:0} {Stats.Percentile(batchSizes.Select(b => (double)b).ToList(), 99),9:0} {batchSizes.DefaultIfEmpty().Average(),9:0.00}  ({batchSizes.Count} batches)");
        Console.WriteLine(Stats.Row("202 → dispatcher publishes it (outbox pickup)", pickup));
        Console.WriteLine(Stats.Row("publish → consumer's handler (broker routing, delivery)", toHandler));
        Console.WriteLine(Stats.Row("publish → broker confirm (in parallel with delivery)", confirm));
        Console.WriteLine(Stats.Row("POST → consumer's handler (total)", EndToEnd(arrivals, accepted)));
        Console.WriteLine(Stats.Row("dispatcher's own SQL per statement (lock, select, mark)", spans.DispatcherDatabaseMilliseconds.ToList()));
        Console.WriteLine();
    }

    private static void PrintCpuCosts(DeliveryPool pool)
    {
        const int Rounds = 2_000;
        var deliveries = pool.All;
        var verify = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            var (_, body, signature) = deliveries[i % deliveries.Count];
            ActionsDashboard.GitHub.Webhooks.WebhookSignature.Verify(body, signature, Secret);
        }

        verify.Stop();
        var translate = Stopwatch.StartNew();
        for (var i = 0; i < Rounds; i++)
        {
            var (eventName, body, _) = deliveries[i % deliveries.Count];
            DeliveryTranslation.Translate(eventName, body, "bench");
        }

        translate.Stop();
        Console.WriteLine("3. CPU per delivery, measured alone (one core)");
        Console.WriteLine($"  verify X-Hub-Signature-256 (HMAC-SHA256 of {pool.AverageBodyBytes / 1024:0.0} KB):  {verify.Elapsed.TotalMicroseconds / Rounds,8:0} µs");
        Console.WriteLine($"  parse the payload + translate it to an integration event: {translate.Elapsed.TotalMicroseconds / Rounds,8:0} µs");
    }

    private static List<double> EndToEnd(Arrivals arrivals, List<Sample> samples) =>
        samples.Select(s => arrivals.TryGet(s.DeliveryId, out var arrival) ? (arrival.ReceivedUtc - s.StartUtc).TotalMilliseconds : double.NaN)
            .Where(ms => !double.IsNaN(ms))
            .ToList();

    private static async Task<bool> WaitForArrivalsAsync(Arrivals arrivals, List<Sample> accepted, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (accepted.All(s => arrivals.TryGet(s.DeliveryId, out _)))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    private static string SamplesFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }

        var folder = directory is null ? null : Path.Combine(directory.FullName, "samples", "github", "webhooks");
        return folder is not null && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException(
                $"The GitHub samples are missing: expected samples/github/webhooks in the repository (the folder with ActionsDashboard.sln) above {AppContext.BaseDirectory}.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
