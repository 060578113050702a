using System.Diagnostics;
using System.Globalization;

namespace ActionsDashboard.EndToEndTests;

/// <summary>Processes read from /proc.</summary>
public static class MachineProcesses
{
    /// <summary>The orchestrator (DCP) that watches <paramref name="appHostPid"/> and every descendant of it: the
    /// servers, the services, and the orchestrator's own helpers.</summary>
    public static IReadOnlyList<(int Pid, string Command)> Orchestrated(int appHostPid)
    {
        var all = All();
        var roots = all.Where(p => p.Command.Contains($"--monitor {appHostPid} ", StringComparison.Ordinal)
            || p.Command.EndsWith($"--monitor {appHostPid}", StringComparison.Ordinal)).Select(p => p.Pid).ToHashSet();
        var found = new HashSet<int>(roots);
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

        return all.Where(p => found.Contains(p.Pid)).Select(p => (p.Pid, p.Command)).ToList();
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

    private static List<(int Pid, int ParentPid, string Command)> All()
    {
        var list = new List<(int, int, string)>();
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
                list.Add((pid, parent, command));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return list;
    }
}
