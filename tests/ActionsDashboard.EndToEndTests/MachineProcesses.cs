using System.Diagnostics;
using System.Globalization;

namespace ActionsDashboard.EndToEndTests;

/// <summary>A process as /proc shows it.</summary>
public sealed record ProcessInfo(int Pid, int ParentPid, string Command);

/// <summary>Processes read from /proc, and the AppHost's built dll. Linked into bench/ActionsDashboard.Bench too.</summary>
public static class MachineProcesses
{
    /// <summary>The AppHost's dll in its own build output (next to its appsettings.json), of the caller's build
    /// configuration (the caller's output folder is bin/&lt;configuration&gt;/net10.0/).</summary>
    public static string AppHostDll
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
            {
                directory = directory.Parent;
            }

            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            return Path.Combine(directory!.FullName, "ActionsDashboard.AppHost", "bin", configuration, "net10.0", "ActionsDashboard.AppHost.dll");
        }
    }

    /// <summary>The orchestrator (DCP) that watches <paramref name="appHostPid"/> and every descendant of it: the
    /// servers, the services, and the orchestrator's own helpers.</summary>
    public static IReadOnlyList<ProcessInfo> Orchestrated(int appHostPid)
    {
        var all = All();
        var found = all.Where(p => p.Command.Contains($"--monitor {appHostPid} ", StringComparison.Ordinal)
            || p.Command.EndsWith($"--monitor {appHostPid}", StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        bool added;
        do
        {
            added = false;
            foreach (var p in all.Where(p => found.Contains(p.ParentPid) && found.Add(p.Pid)))
            {
                added = true;
            }
        }
        while (added);

        return all.Where(p => found.Contains(p.Pid)).ToList();
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Every process on the machine (those gone while being read are left out).</summary>
    public static List<ProcessInfo> All()
    {
        var list = new List<ProcessInfo>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                list.Add(new ProcessInfo(pid, parent, command));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return list;
    }
}
