using System.Diagnostics;
using System.Security.Cryptography;
using ActionsDashboard.Bench.Shared;
using ActionsDashboard.Benchmarks;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

/// <summary>
/// #20 item 1: signed webhooks at a steady rate through the gateway of the whole application while the servers and services
/// are killed (SIGKILL) one after another and brought back with the orchestrator's start command; then what was
/// acknowledged is looked for in the read model and at two live clients (<c>/events</c> and <c>/ws</c>).
/// </summary>
internal static class Chaos
{
    public const string Repository = SimulatorWorld.Repository;

    public const long RepositoryId = SimulatorWorld.RepositoryId;

    private static readonly string[][] Faults =
    [
        ["eventbus"], ["redis"], ["postgres"],
        ["webhooks-api"], ["githubproxy-api"], ["realtime-hub"], ["gateway"], ["auth-api"],
        ["webhooks-api", "realtime-hub"],
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var data = Directory.CreateTempSubdirectory("chaos-bench-");
        try
        {
            var starting = Stopwatch.StartNew();
            await using var app = await TestingAppHost.StartAsync(data.FullName, TimeSpan.FromMinutes(5), liftGatewayRateLimits: true,
                $"--GitHub:WebhookSecret={secret}");
            Console.WriteLine($"Whole application healthy in {starting.Elapsed.TotalSeconds:0} s (data in {data.FullName}).");
            var gateway = TestingAppHost.Endpoint(app, "gateway");
            // Browsers use the gateway's own address (localhost): the sign-in's callback comes back to it, and cookies set
            // for 127.0.0.1 would not go to localhost (the state check answers 400).
            var site = app.GetEndpoint("gateway", "http");

            using var browser = await Browser.SignInAsync(site, "octocat");
            await browser.SelectAsync(Repository);
            using var stopClients = new CancellationTokenSource();
            var events = new LiveLog();
            var ws = new LiveLog();
            var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var eventsTask = EventsClient.RunAsync(browser.Http, Repository, events, stopClients.Token, subscribed);
            var wsTask = WsClient.RunAsync(site, browser.Cookies, browser.Csrf, ws, stopClients.Token);
            await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await Task.Delay(2_000);

            using var sender = new WebhookSender(gateway, secret, RepositoryId, Repository);
            var total = options.Rate * options.Seconds;
            var clock = Stopwatch.StartNew();
            var load = sender.RunAsync(options.Rate, total, CancellationToken.None);
            var spacing = TimeSpan.FromSeconds((double)options.Seconds / (Faults.Length + 1));
            var injected = new List<Task<FaultRecord>>();
            for (var i = 0; i < Faults.Length; i++)
            {
                var due = spacing * (i + 1);
                if (clock.Elapsed < due)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                injected.Add(InjectAsync(app, Faults[i], clock));
            }

            var sent = await load;
            var loadSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"Load done: {sent} deliveries in {loadSeconds:0.0} s; waiting for every restarted resource to be healthy.");
            var faults = await Task.WhenAll(injected);
            using (var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3)))
            {
                foreach (var name in new[] { "postgres", "redis", "eventbus", "auth-api", "githubproxy-api", "webhooks-api", "realtime-hub", "gateway" })
                {
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(name, healthy.Token);
                }
            }

            // Settle: until the read model stops changing (10 s without a change, at least 20 s, at most 120 s).
            var deliveries = sender.Deliveries.Values.ToList();
            var connectionString = await app.GetConnectionStringAsync("dashboarddb")
                ?? throw new InvalidOperationException("No connection string for dashboarddb.");
            var settle = Stopwatch.StartNew();
            Dictionary<long, string> stored = [];
            var unchangedSince = TimeSpan.Zero;
            while (settle.Elapsed < TimeSpan.FromSeconds(120))
            {
                var now = await ReadModelAsync(connectionString, deliveries.Min(d => d.Id));
                if (now.Count != stored.Count)
                {
                    unchangedSince = settle.Elapsed;
                }

                stored = now;
                if (settle.Elapsed > TimeSpan.FromSeconds(20) && settle.Elapsed - unchangedSince > TimeSpan.FromSeconds(10)
                    && events.Entities.Count >= stored.Count && ws.Entities.Count >= stored.Count)
                {
                    break;
                }

                await Task.Delay(2_000);
            }

            await stopClients.CancelAsync();
            await Task.WhenAll(eventsTask, wsTask);

            return Report(options, faults, deliveries, sent, loadSeconds, stored, events, ws, settle.Elapsed);
        }
        finally
        {
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int Report(BenchOptions options, FaultRecord[] faults, List<Delivery> deliveries, int sent, double loadSeconds,
        Dictionary<long, string> stored, LiveLog events, LiveLog ws, TimeSpan settled)
    {
        var acknowledged = deliveries.Where(d => d.Acknowledged).ToList();
        var refused = deliveries.Where(d => !d.Acknowledged).ToList();
        var lost = acknowledged.Where(d => !stored.ContainsKey(d.Id)).ToList();
        var missingEvents = acknowledged.Where(d => !events.Entities.ContainsKey(d.Id)).ToList();
        var missingWs = acknowledged.Where(d => !ws.Entities.ContainsKey(d.Id)).ToList();
        var wrongState = acknowledged.Where(d => stored.TryGetValue(d.Id, out var status) && status != "queued").ToList();

        Console.WriteLine();
        Console.WriteLine($"Chaos: {options.Rate}/s for {options.Seconds} s through the gateway ({sent} deliveries, runs and jobs alternating), settle {settled.TotalSeconds:0} s.");
        Console.WriteLine();
        Console.WriteLine("| fault (SIGKILL) | at | processes killed | exited after | back by | healthy after | deliveries refused while down |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < faults.Length; i++)
        {
            var fault = faults[i];
            var end = i + 1 < faults.Length ? faults[i + 1].At : TimeSpan.MaxValue;
            var refusedHere = refused.Count(d => InWindow(d, fault, end, deliveries));
            Console.WriteLine($"| {string.Join(" + ", fault.Resources)} | {fault.At.TotalSeconds:0.0} s | {fault.Killed} | {fault.Exited?.TotalSeconds.ToString("0.0") ?? "never"} s"
                + $" | {fault.RestartedBy} | {fault.Healthy?.TotalSeconds.ToString("0.0") ?? "not within 3 min"} s | {refusedHere} |");
        }

        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| deliveries sent | {sent} |");
        Console.WriteLine($"| acknowledged (2xx) | {acknowledged.Count} |");
        Console.WriteLine($"| refused (5xx, connection errors, timeouts: GitHub redelivers these) | {refused.Count} ({string.Join(", ", refused.GroupBy(d => d.Status == 0 ? d.Error : d.Status.ToString()).Select(g => $"{g.Key} ×{g.Count()}"))}) |");
        Console.WriteLine($"| lost: acknowledged, not in the read model after settling | {lost.Count} |");
        Console.WriteLine($"| in the read model with another state than sent (queued) | {wrongState.Count} |");
        Console.WriteLine($"| missing at the /events client ({events.Reconnects} reconnections, {events.ResumeGaps} resume gaps) | {missingEvents.Count} |");
        Console.WriteLine($"| missing at the /ws client ({ws.Reconnects} reconnections, {ws.ResumeGaps} resume gaps) | {missingWs.Count} |");
        Console.WriteLine($"| duplicate event ids (/events, /ws) | {events.DuplicateEventIds}, {ws.DuplicateEventIds} |");
        Console.WriteLine($"| same run or job delivered more than once (/events, /ws) | {events.Entities.Values.Count(n => n > 1)}, {ws.Entities.Values.Count(n => n > 1)} |");
        Describe("lost", lost, faults);
        Describe("missing at /events", missingEvents, faults);
        Describe("missing at /ws", missingWs, faults);

        var figure = $"{options.Rate}/s for {options.Seconds} s, {faults.Length} faults";
        Figures.Record("chaos", $"deliveries acknowledged, {figure}", acknowledged.Count, "deliveries", comparison: $"{sent} sent, {refused.Count} refused");
        Figures.Record("chaos", $"acknowledged deliveries lost (not in the read model), {figure}", lost.Count, "deliveries", 0);
        Figures.Record("chaos", $"duplicate event ids at the clients, {figure}", events.DuplicateEventIds + ws.DuplicateEventIds, "events", 0);
        // A live client misses what happens while it is not connected to a hub that saw it: a restarted hub starts with an
        // empty replay buffer (and its instance queue did not exist while it was down). That is covered when the client
        // was told to reload (/events: a "resume-gap" comment; /ws: a resumeGap message) and the reload finds the run or job in the
        // read model. Anything else is a loss. (The browser also reloads the dashboard on every reconnect:
        // Web/ClientApp/src/live/connection.ts.)
        var uncoveredEvents = missingEvents.Count(d => !stored.ContainsKey(d.Id) || events.ResumeGaps == 0);
        var uncoveredWs = missingWs.Count(d => !stored.ContainsKey(d.Id) || ws.ResumeGaps == 0);
        Console.WriteLine($"Missing at a client but told to reload and present in the read model: /events {missingEvents.Count - uncoveredEvents}, /ws {missingWs.Count - uncoveredWs};"
            + $" not covered: /events {uncoveredEvents}, /ws {uncoveredWs}.");
        Figures.Record("chaos", $"acknowledged deliveries missing at the /events client without a reload notice or read-model row, {figure}", uncoveredEvents, "events", 0,
            comparison: $"{missingEvents.Count} missing in all, {events.Reconnects} reconnections, {events.ResumeGaps} resume gaps");
        Figures.Record("chaos", $"acknowledged deliveries missing at the /ws client without a reload notice or read-model row, {figure}", uncoveredWs, "events", 0,
            comparison: $"{missingWs.Count} missing in all, {ws.Reconnects} reconnections, {ws.ResumeGaps} resume gaps");
        var failed = lost.Count > 0 || uncoveredEvents > 0 || uncoveredWs > 0 || events.DuplicateEventIds + ws.DuplicateEventIds > 0;
        Console.WriteLine(failed ? "FAILED: something acknowledged was lost, missed by a client without a reload, or duplicated (above)." : "No loss, no duplicate.");
        return failed ? 1 : 0;
    }

    private static bool InWindow(Delivery delivery, FaultRecord fault, TimeSpan end, List<Delivery> deliveries)
    {
        var at = delivery.SentAt - deliveries.Min(d => d.SentAt);
        return at >= fault.At && at < end;
    }

    /// <summary>Which deliveries, by kind and the fault in progress when they were sent.</summary>
    private static void Describe(string what, List<Delivery> list, FaultRecord[] faults)
    {
        if (list.Count == 0)
        {
            return;
        }

        var start = faults[0].StartedAt - faults[0].At;
        Console.WriteLine($"{what}: {list.Count} — " + string.Join("; ", list.GroupBy(d => faults.LastOrDefault(f => f.StartedAt <= d.SentAt)?.Name ?? "before any fault")
            .Select(g => $"{g.Count()} sent {(g.Min(d => d.SentAt) - start).TotalSeconds:0.0}–{(g.Max(d => d.SentAt) - start).TotalSeconds:0.0} s into the load (after the {g.Key} kill;"
                + $" {g.Count(d => d.Kind == "run")} runs, {g.Count(d => d.Kind == "job")} jobs; ids {g.Min(d => d.Id)}…{g.Max(d => d.Id)})")));
    }

    private static async Task<FaultRecord> InjectAsync(DistributedApplication app, string[] resources, Stopwatch clock)
    {
        var record = new FaultRecord(resources, clock.Elapsed, DateTime.UtcNow);
        record.Killed = resources.Sum(r => AppProcesses.Kill(app, r));
        Console.WriteLine($"{record.At.TotalSeconds,6:0.0} s  SIGKILL {record.Name} ({record.Killed} processes)");
        var commands = app.Services.GetRequiredService<ResourceCommandService>();
        var restartedBy = new List<string>();
        foreach (var resource in resources)
        {
            using var exitWait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await app.ResourceNotifications.WaitForResourceAsync(resource,
                    e => e.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart", exitWait.Token);
                record.Exited = clock.Elapsed - record.At;
            }
            catch (OperationCanceledException)
            {
            }

            // The orchestrator does not restart a process that exits (the resource shows Exited): the start command
            // (the dashboard's Start button) does. Checked here each time: a resource already running again is left alone.
            await Task.Delay(1_000);
            if (app.ResourceNotifications.TryGetCurrentState(resource, out var state) && state.Snapshot.State?.Text == KnownResourceStates.Running)
            {
                restartedBy.Add("itself");
                continue;
            }

            var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
            restartedBy.Add(result.Success ? "start command" : $"start command failed: {result.Message}");
        }

        record.RestartedBy = string.Join(", ", restartedBy.Distinct());
        using var healthy = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            foreach (var resource in resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, healthy.Token);
            }

            record.Healthy = clock.Elapsed - record.At;
        }
        catch (OperationCanceledException)
        {
        }

        Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0} s  {record.Name} back ({record.RestartedBy}), healthy {record.Healthy?.TotalSeconds.ToString("0.0") ?? "not within 3 min"} s after the kill");
        return record;
    }

    private static async Task<Dictionary<long, string>> ReadModelAsync(string connectionString, long firstId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select id, status::text from workflow_runs where id >= @first union all select id, status::text from workflow_jobs where id >= @first", connection);
        command.Parameters.AddWithValue("first", firstId);
        var found = new Dictionary<long, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found[reader.GetInt64(0)] = reader.IsDBNull(1) ? "" : reader.GetString(1);
        }

        return found;
    }
}

/// <summary>One injected fault: when, how many processes, when the resource showed as exited, how it came back, when healthy.</summary>
internal sealed class FaultRecord(string[] resources, TimeSpan at, DateTime startedAt)
{
    public string[] Resources { get; } = resources;
    public string Name => string.Join(" + ", Resources);
    public TimeSpan At { get; } = at;
    public DateTime StartedAt { get; } = startedAt;
    public int Killed { get; set; }
    public TimeSpan? Exited { get; set; }
    public string RestartedBy { get; set; } = "";
    public TimeSpan? Healthy { get; set; }
}
