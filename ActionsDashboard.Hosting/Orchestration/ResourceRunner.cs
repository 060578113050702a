using ActionsDashboard.Hosting.ApplicationModel;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>How one kind of resource is prepared, started, health-checked and stopped on this machine.</summary>
internal abstract class ResourceRunner(Resource resource)
{
    public Resource Resource { get; } = resource;

    public abstract string TypeName { get; }

    /// <summary>False for resources with no process of their own (a database, an existing server).</summary>
    public virtual bool HasProcess => true;

    /// <summary>The signal that asks the process for a clean, fast shutdown.</summary>
    public virtual int StopSignal => ProcessSignals.SIGTERM;

    public virtual TimeSpan StopGrace => TimeSpan.FromSeconds(10);

    /// <summary>One-time preparation before the first start (initdb, config files). Throws
    /// <see cref="ResourceStartException"/> with a message a person can act on.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Helper processes that must run before the main one (RabbitMQ's epmd).</summary>
    public virtual IEnumerable<(string Name, ProcessSpec Spec)> HelperProcesses() => [];

    public virtual ProcessSpec CreateProcessSpec() =>
        throw new InvalidOperationException($"Resource '{Resource.Name}' has no process.");

    public abstract Task<HealthResult> CheckHealthAsync(CancellationToken cancellationToken);

    /// <summary>Runs each time the resource becomes healthy after a start (create databases...).</summary>
    public virtual Task OnHealthyAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual IReadOnlyList<string> DisplayEndpoints() =>
        Resource.AnnotationsOf<EndpointAnnotation>().Where(e => e.Allocated is not null).Select(e => e.Allocated!.Url).ToList();
}

public sealed record HealthResult(bool IsHealthy, IReadOnlyList<HealthReportEntry> Entries)
{
    public static HealthResult Single(string name, bool healthy, string? description, TimeSpan duration) =>
        new(healthy, [new HealthReportEntry(name, healthy ? "Healthy" : "Unhealthy", description, duration.TotalMilliseconds)]);
}

/// <summary>A resource cannot be started; the message says what to do about it.</summary>
public sealed class ResourceStartException(string message, Exception? inner = null) : Exception(message, inner);

internal static class MachineBinaries
{
    public static string Require(string path, string what, string package)
    {
        if (File.Exists(path))
        {
            return path;
        }

        throw new ResourceStartException(
            $"{what} was not found at {path}. Install it with: sudo apt-get install -y {package} (or run ./run.sh, which installs it), "
            + "or point the AppHost at an existing server with ConnectionStrings__<name>.");
    }

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a short command to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken, IDictionary<string, string?>? env = null)
    {
        var output = new System.Text.StringBuilder();
        var spec = new ProcessSpec { FileName = fileName, Arguments = args.ToList(), Environment = new(env ?? new Dictionary<string, string?>()) };
        await using var process = ManagedProcess.Start(spec, (_, line) =>
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        });
        var code = await process.Exited.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new ResourceStartException($"'{Path.GetFileName(fileName)} {string.Join(' ', spec.Arguments)}' failed with exit code {code}: {output}");
        }
    }
}
