using System.Runtime.InteropServices;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>
/// Servers an earlier AppHost on the same data folder left running (it was killed with SIGKILL before its
/// orchestrator could stop them). Found by their working directory, which is their folder under the data
/// folder, and stopped before a new one starts on the same files.
/// </summary>
internal static class Leftovers
{
    private const int SIGINT = 2;
    private const int SIGKILL = 9;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    /// <summary>Stops every process whose working directory is <paramref name="folder"/> or below it; returns
    /// a description of each.</summary>
    public static async Task<IReadOnlyList<string>> StopAsync(string folder, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var root = Path.GetFullPath(folder).TrimEnd('/');
        var found = new List<(int Pid, string Command)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(dir, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == root || cwd.StartsWith(root + "/", StringComparison.Ordinal)))
                {
                    var command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim();
                    found.Add((pid, command));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }

        // SIGINT first (PostgreSQL's fast shutdown; Redis and Erlang stop on it too), SIGKILL after 10 s.
        foreach (var (pid, _) in found)
        {
            SysKill(pid, SIGINT);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (found.Any(p => IsAlive(p.Pid)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (pid, _) in found.Where(p => IsAlive(p.Pid)))
        {
            SysKill(pid, SIGKILL);
        }

        return found.Select(p => $"{p.Command} (pid {p.Pid})").ToList();
    }

    /// <summary>True while the process exists and is not a zombie.</summary>
    private static bool IsAlive(int pid)
    {
        if (SysKill(pid, 0) != 0)
        {
            return false;
        }

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
}
