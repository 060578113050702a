using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>The machine's own server binaries (Debian packages), and short commands run to completion.</summary>
internal static class MachineBinaries
{
    public static string Require(string path, string what, string package) =>
        File.Exists(path)
            ? path
            : throw new MissingServerBinaryException(
                $"{what} was not found at {path}. Install it with: sudo apt-get install -y {package} (./run.sh installs it), "
                + "or run the servers as containers (a Docker or Podman engine, --AppHost:Servers=Containers), "
                + "or use servers you already have (--AppHost:Servers=Existing with ConnectionStrings__<name>).");

    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The newest installed PostgreSQL's bin folder (Debian keeps each major version apart).</summary>
    public static string PostgresBinDirectory
    {
        get
        {
            var versions = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
                : [];
            return versions.Count > 0 ? Path.Combine(versions[0], "bin") : "/usr/lib/postgresql/15/bin";
        }
    }

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    /// <summary>PostgreSQL refuses to run as root: then it runs as the <c>postgres</c> user.</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    /// <summary>Runs a short command to completion; throws with its output when it fails.</summary>
    public static async Task RunAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        output.Append(await stdout.ConfigureAwait(false)).Append(await stderr.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{Path.GetFileName(fileName)} {string.Join(' ', start.ArgumentList)}' failed with exit code {process.ExitCode}: {output}");
        }
    }
}
