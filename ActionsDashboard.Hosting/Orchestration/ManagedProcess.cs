using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>A child process whose output goes to the resource's console log and that stops cleanly.</summary>
internal sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <summary>Completes with the exit code when the process ends.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(ProcessSpec spec, Action<string, string> onOutput)
    {
        var info = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory ?? Directory.GetCurrentDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in spec.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in spec.RemoveEnvironment)
        {
            info.Environment.Remove(name);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput("stdout", e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                onOutput("stderr", e.Data);
            }
        };
        process.Exited += (_, _) =>
        {
            // WaitForExit() without a timeout also drains the redirected output before we report the end.
            try
            {
                process.WaitForExit();
                managed._exited.TrySetResult(process.ExitCode);
            }
            catch (InvalidOperationException)
            {
                managed._exited.TrySetResult(-1);
            }
        };

        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Asks the process to stop with <paramref name="signal"/>, then kills its whole tree after the grace period.</summary>
    public async Task StopAsync(int signal, TimeSpan grace)
    {
        if (HasExited)
        {
            return;
        }

        // Children (RabbitMQ's Erlang VM under its start script, PostgreSQL's backends) can outlive the
        // process we signal by a moment, or for good if it dies badly: note them now, reap them after.
        var descendants = ProcessSignals.Descendants(_process.Id);
        ProcessSignals.Send(_process.Id, signal);
        try
        {
            await Exited.WaitAsync(grace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (descendants.Any(ProcessSignals.IsAlive) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50).ConfigureAwait(false);
        }

        foreach (var pid in descendants.Where(ProcessSignals.IsAlive))
        {
            ProcessSignals.Send(pid, ProcessSignals.SIGKILL);
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            Kill();
            try
            {
                await Exited.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }

        _process.Dispose();
    }
}

internal sealed class ProcessSpec
{
    public required string FileName { get; init; }

    public List<string> Arguments { get; init; } = [];

    public string? WorkingDirectory { get; init; }

    public Dictionary<string, string?> Environment { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Variables of the AppHost's own environment that must not leak into the child.</summary>
    public List<string> RemoveEnvironment { get; init; } = [];
}

internal static class ProcessSignals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    public static bool Send(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>True while the process exists and is not a zombie (exited, waiting to be reaped).</summary>
    public static bool IsAlive(int pid)
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

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>The kernel's start time of a process (field 22 of /proc/pid/stat), to tell a pid that was reused.</summary>
    public static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return afterName.Length > 19 ? afterName[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every descendant of a process, read from /proc (children before grandchildren).</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var parentOf = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parentOf[child] = int.Parse(fields[1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
            }
        }

        var result = new List<int>();
        var frontier = new Queue<int>([pid]);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var (child, parent) in parentOf)
            {
                if (parent == current)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
            }
        }

        return result;
    }
}
