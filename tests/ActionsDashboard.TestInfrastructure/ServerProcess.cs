using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>
/// A server started as a child process, with the tail of its output kept for failure messages, and a
/// graceful stop by signal (each server has its own clean-shutdown signal).
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;

    private const int KeptOutputLines = 200;
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public static ServerProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, line) => server.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => server.Keep(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Runs a command to completion and throws with its output when it fails.</summary>
    public static async Task RunAsync(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var command = Start(name, fileName, arguments, environment);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await command._process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{name} did not finish within {timeout}.{Environment.NewLine}{command.RecentOutput}");
        }

        if (command._process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{name} failed with exit code {command._process.ExitCode}.{Environment.NewLine}{command.RecentOutput}");
        }
    }

    /// <summary>Sends <paramref name="signal"/>, waits, and kills the process tree if it is still running.</summary>
    public async Task StopAsync(int signal, TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        _ = Kill(_process.Id, signal);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(SigTerm, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    public InvalidOperationException Failure(string what) =>
        new($"{Name} {what}.{Environment.NewLine}{RecentOutput}");

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
