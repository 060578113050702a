using System.Globalization;
using Aspire.Hosting;

/// <summary>The operating-system processes of the application's resources: the pid the orchestrator reports in the resource's
/// snapshot (<c>executable.pid</c>: for a project the <c>dotnet run</c> that runs it, for a server its start command) and
/// every descendant of it, read from /proc.</summary>
internal static class AppProcesses
{
    public static int? RootPid(DistributedApplication app, string resource)
    {
        if (!app.ResourceNotifications.TryGetCurrentState(resource, out var state))
        {
            return null;
        }

        var pid = state.Snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value;
        return pid is null ? null : Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }

    /// <summary>The root and every descendant, root first.</summary>
    public static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree.Where(p => Directory.Exists($"/proc/{p}")).ToList();
    }

    /// <summary>SIGKILL to every process of the resource at once (a crash: nothing gets to clean up).</summary>
    public static int Kill(DistributedApplication app, string resource)
    {
        if (RootPid(app, resource) is not { } root)
        {
            return 0;
        }

        var tree = Tree(root);
        foreach (var pid in tree)
        {
            try
            {
                System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }

        return tree.Count;
    }

    public static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
