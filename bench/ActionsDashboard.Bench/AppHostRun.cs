using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using ActionsDashboard.EndToEndTests;
using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.Benchmarks;

/// <summary>One start of the AppHost as <c>./run.sh</c> starts it: its built dll as a process, the Aspire dashboard on a
/// free port, the servers as local processes, on a given data folder. Measures the time from process start to the
/// gateway's <c>GET /health</c> answering 200 (the gateway waits for every server and service), the memory of the
/// AppHost, the dashboard and the orchestrator once everything is healthy, and the stop on SIGTERM.</summary>
internal static class AppHostRun
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <param name="settle">How long to leave the app idle once healthy before its memory is read (at rest, not starting).</param>
    public static async Task<StartResult> MeasureAsync(string dataPath, TimeSpan settle = default)
    {
        var dll = MachineProcesses.AppHostDll;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The AppHost is not built: {dll} (bench/run.sh builds it with this bench).", dll);
        }

        var gatewayPort = LocalPorts.GetFreePort();
        var start = new ProcessStartInfo("dotnet",
            [dll, $"--AppHost:DataPath={dataPath}", $"--AppHost:GatewayPort={gatewayPort}", "--AppHost:Servers=Processes", "--AppHost:DemoScenario=false"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://localhost:{LocalPorts.GetFreePort()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{LocalPorts.GetFreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Development",
            },
        };

        var output = new StringBuilder();
        var notes = new List<string>();
        var found = new List<string>();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        TimeSpan started;
        IReadOnlyList<MemoryRow> memory;
        try
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
            await WaitHealthyAsync(http, new Uri($"http://127.0.0.1:{gatewayPort}/health"), process, output, watch);
            started = watch.Elapsed;

            // The simulator starts after the gateway (it delivers webhooks to it): "everything healthy" is once it answers too.
            if (!await SimulatorHealthyAsync(http, process.Id, TimeSpan.FromSeconds(60)))
            {
                notes.Add("the simulator's /health did not answer within 60 s after the gateway's: memory taken without waiting for it.");
            }

            await Task.Delay(settle);
            memory = Memory(process.Id, notes, found);
        }
        catch
        {
            await StopAsync(process, notes);
            StopLeftovers(dataPath);
            Console.Error.WriteLine(Tail(output, 60));
            throw;
        }

        var stop = await StopAsync(process, notes);
        notes.AddRange(StopLeftovers(dataPath));
        return new StartResult(started, stop, memory, found, notes);
    }

    private static async Task WaitHealthyAsync(HttpClient http, Uri health, Process process, StringBuilder output, Stopwatch watch)
    {
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The AppHost exited with {process.ExitCode} before the gateway answered.\n{Tail(output, 60)}");
            }

            try
            {
                using var response = await http.GetAsync(health);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (watch.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The gateway's {health} did not answer 200 within {StartTimeout}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>The simulator's own <c>/health</c>, at the URL the orchestrator gave it (its environment).</summary>
    private static async Task<bool> SimulatorHealthyAsync(HttpClient http, int appHostPid, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var url = Tree(appHostPid)
                .Where(p => p.Command.Contains("GitHub.Simulator", StringComparison.Ordinal))
                .Select(p => ReadEnvironment(p.Pid).GetValueOrDefault("ASPNETCORE_URLS")?.Split(';')[0])
                .FirstOrDefault(u => u is { Length: > 0 });
            if (url is not null)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(new Uri(url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal)), "/health"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return true;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }
            }

            await Task.Delay(100);
        }

        return false;
    }

    /// <summary>VmRSS and PSS of the AppHost, the dashboard and the orchestrator (DCP: the processes that watch the AppHost's pid
    /// and their descendants that are DCP's own executables), and, for scale, of everything else they started.</summary>
    private static List<MemoryRow> Memory(int appHostPid, List<string> notes, List<string> found)
    {
        var all = MachineProcesses.All();
        var tree = Tree(appHostPid, all);
        var monitors = tree.Where(p => WatchesAppHost(p.Command, appHostPid)).Select(p => p.Pid).ToHashSet();
        var underMonitors = Descendants(monitors, all);
        var orchestrator = tree.Where(p => monitors.Contains(p.Pid) || (underMonitors.Contains(p.Pid) && IsDcp(p))).ToList();
        var dashboard = tree.Where(p => p.Pid != appHostPid && p.Command.Contains("Aspire.Dashboard", StringComparison.OrdinalIgnoreCase)).ToList();
        if (orchestrator.Count == 0)
        {
            notes.Add($"no process with --monitor {appHostPid} in its command line (the orchestrator) was found.");
        }

        if (dashboard.Count == 0)
        {
            notes.Add("no process with Aspire.Dashboard in its command line was found among the AppHost's and the orchestrator's descendants.");
        }

        foreach (var group in dashboard.Concat(orchestrator).GroupBy(Name))
        {
            var first = group.First();
            var more = group.Count() > 1 ? $" (and {group.Count() - 1} more like it)" : "";
            found.Add($"{first.Pid,7}  {Shorten(first.Command)}{more}");
        }

        MemoryRow Row(string name, IReadOnlyCollection<ProcessInfo> processes) =>
            new(name, processes.Count, processes.Sum(p => Rss(p.Pid)), processes.Sum(p => Pss(p.Pid)));

        var appHost = all.Where(p => p.Pid == appHostPid).ToList();
        var rows = new List<MemoryRow>
        {
            Row("AppHost (dotnet ActionsDashboard.AppHost.dll)", appHost),
            Row("Aspire dashboard", dashboard),
        };
        rows.AddRange(orchestrator.GroupBy(Name).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row($"orchestrator: {g.Key}", g.ToList())));
        rows.Add(Row("orchestrator, all", orchestrator));
        rows.Add(Row("AppHost + dashboard + orchestrator", [.. appHost, .. dashboard, .. orchestrator]));
        var shown = dashboard.Concat(orchestrator).Select(p => p.Pid).Append(appHostPid).ToHashSet();
        var rest = tree.Where(p => !shown.Contains(p.Pid)).ToList();
        rows.Add(Row("for scale: the rest (servers, services, dotnet run)", rest));
        // The rest by what it is: each service and server (issue #17, goal 6: the whole app at rest).
        rows.AddRange(rest.GroupBy(Part).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Row($"  {g.Key}", g.ToList())));
        rows.Add(Row("the whole app (everything above)", [.. appHost, .. dashboard, .. orchestrator, .. rest]));
        return rows;
    }

    /// <summary>SIGTERM, as Ctrl+C or a service manager would; then until the AppHost and every process it started are gone.</summary>
    private static async Task<TimeSpan> StopAsync(Process process, List<string> notes)
    {
        if (process.HasExited)
        {
            return TimeSpan.Zero;
        }

        var started = Tree(process.Id).Select(p => p.Pid).Where(pid => pid != process.Id).ToList();
        var watch = Stopwatch.StartNew();
        MachineProcesses.Signal(process.Id, "TERM");
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            if (process.ExitCode != 0)
            {
                notes.Add($"the AppHost exited with code {process.ExitCode} on SIGTERM.");
            }
        }
        catch (TimeoutException)
        {
            notes.Add("the AppHost did not exit within 90 s of SIGTERM: killed.");
            process.Kill(entireProcessTree: true);
        }

        notes.AddRange(await WaitGoneAsync(started, dataPath: null));
        var elapsed = watch.Elapsed;
        return elapsed;
    }

    /// <summary>The processes <paramref name="pid"/> started, and the orchestrator that watches it with its own.</summary>
    public static List<int> StartedBy(int pid) => Tree(pid).Select(p => p.Pid).Where(p => p != pid).ToList();

    /// <summary>Until every one of <paramref name="started"/> is gone (60 s at most: those left are killed); then, with a
    /// data folder, the processes started for it that nobody waits for (see <see cref="StopLeftovers"/>). Returns a note
    /// for each process killed.</summary>
    public static async Task<IReadOnlyList<string>> WaitGoneAsync(IReadOnlyList<int> started, string? dataPath)
    {
        var notes = new List<string>();
        var watch = Stopwatch.StartNew();
        while (started.Any(MachineProcesses.IsAlive) && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        var left = started.Where(MachineProcesses.IsAlive).ToList();
        if (left.Count > 0)
        {
            notes.Add($"{left.Count} process(es) started were still running 60 s after the stop: killed.");
            foreach (var pid in left)
            {
                MachineProcesses.Signal(pid, "KILL");
            }
        }

        if (dataPath is not null)
        {
            notes.AddRange(StopLeftovers(dataPath));
        }

        return notes;
    }

    /// <summary>Processes still running whose environment names the data folder (so started for this run: a RabbitMQ
    /// broker that outlived its own epmd starts an <c>epmd -daemon</c> of its own, which is nobody's child), stopped
    /// with SIGKILL; returns a note for each.</summary>
    public static IReadOnlyList<string> StopLeftovers(string dataPath)
    {
        var notes = new List<string>();
        foreach (var p in MachineProcesses.All().Where(p => p.Pid != System.Environment.ProcessId && MachineProcesses.IsAlive(p.Pid)
            && ReadEnvironment(p.Pid).Values.Any(v => v.Contains(dataPath, StringComparison.Ordinal))))
        {
            notes.Add($"still running after the stop, started for this run (its environment names the data folder), killed: pid {p.Pid} {Shorten(p.Command)}");
            MachineProcesses.Signal(p.Pid, "KILL");
        }

        return notes;
    }

    /// <summary>The AppHost, its descendants, and the processes that watch it (the orchestrator, which may not be its
    /// child) with theirs.</summary>
    private static List<ProcessInfo> Tree(int appHostPid, List<ProcessInfo>? all = null)
    {
        all ??= MachineProcesses.All();
        var roots = all.Where(p => p.Pid == appHostPid || WatchesAppHost(p.Command, appHostPid)).Select(p => p.Pid).ToHashSet();
        var found = Descendants(roots, all);
        found.UnionWith(roots);
        return all.Where(p => found.Contains(p.Pid)).ToList();
    }

    private static HashSet<int> Descendants(HashSet<int> roots, List<ProcessInfo> all)
    {
        var found = new HashSet<int>();
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => (roots.Contains(p.ParentPid) || found.Contains(p.ParentPid)) && !roots.Contains(p.Pid)))
            {
                added |= found.Add(p.Pid);
            }
        }
        while (added);

        return found;
    }

    private static bool WatchesAppHost(string command, int appHostPid) =>
        command.Contains($"--monitor {appHostPid} ", StringComparison.Ordinal) || command.EndsWith($"--monitor {appHostPid}", StringComparison.Ordinal);

    /// <summary>One of DCP's executables (dcp, dcpctrl, dcpproc...).</summary>
    private static bool IsDcp(ProcessInfo p) => IsDcp(p.Command);

    private static bool IsDcp(string command) => Path.GetFileName(command.Split(' ', 2)[0]).StartsWith("dcp", StringComparison.Ordinal);

    /// <summary>The executable's name, with its subcommand for DCP (start-apiserver, run-controllers, monitor-process).</summary>
    private static string Name(ProcessInfo p)
    {
        var words = p.Command.Split(' ', 3);
        var name = Path.GetFileName(words[0]);
        return IsDcp(p.Command) && words.Length > 1 && !words[1].StartsWith('-') ? $"{name} {words[1]}" : name;
    }

    /// <summary>Which part of the app a process is: a service by its project, a server by its program.</summary>
    private static string Part(ProcessInfo p)
    {
        string[] services = ["Auth.Api", "GitHubProxy.Api", "Webhooks.Api", "Realtime.Hub", "Gateway", "Web", "GitHub.Simulator"];
        var command = p.Command;
        var launcher = command.Contains(" run ", StringComparison.Ordinal) && command.Contains("--project", StringComparison.Ordinal);
        foreach (var service in services)
        {
            if (command.Contains($"/{service}/", StringComparison.Ordinal) || command.Contains($"/{service}.dll", StringComparison.Ordinal)
                || command.Contains($"{service}.csproj", StringComparison.Ordinal))
            {
                return launcher ? $"dotnet run (launcher of {service})" : $"service: {service}";
            }
        }

        var program = Path.GetFileName(command.Split(' ', 2)[0]);
        return program switch
        {
            "postgres" or "postgres:" => "server: PostgreSQL",
            "redis-server" => "server: Redis",
            "beam.smp" or "erl_child_setup" or "inet_gethost" or "epmd" => "server: RabbitMQ (Erlang)",
            "sh" => "other: sh (servers' start scripts)",
            _ => $"other: {program}",
        };
    }

    private static string Shorten(string command) => command.Length <= 160 ? command : command[..157] + "...";

    /// <summary>Resident memory (kB), shared pages counted in full in every process that maps them.</summary>
    private static long Rss(int pid) => Kilobytes($"/proc/{pid}/status", "VmRSS:");

    /// <summary>Proportional set size (kB): each shared page divided among the processes that map it, so sums add up.</summary>
    private static long Pss(int pid) => Kilobytes($"/proc/{pid}/smaps_rollup", "Pss:");

    private static long Kilobytes(string file, string key)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static Dictionary<string, string> ReadEnvironment(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Split('=', 2)).Where(v => v.Length == 2)
                .GroupBy(v => v[0], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Tail(StringBuilder output, int lines)
    {
        lock (output)
        {
            var all = output.ToString().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
    }

}

internal sealed record MemoryRow(string Name, int Count, long RssKilobytes, long PssKilobytes);

/// <param name="Found">The dashboard and orchestrator processes measured: pid and command line.</param>
/// <param name="Notes">What did not go as expected.</param>
internal sealed record StartResult(TimeSpan Start, TimeSpan Stop, IReadOnlyList<MemoryRow> Memory, IReadOnlyList<string> Found, IReadOnlyList<string> Notes);
