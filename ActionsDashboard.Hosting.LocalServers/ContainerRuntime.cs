using System.Diagnostics;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Whether a container engine answers here: the <c>docker</c> command alone is not enough (on machines
/// with only the client it fails to reach a daemon).</summary>
public static class ContainerRuntime
{
    public static bool Answers() =>
        RunsQuietly(Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker") || RunsQuietly("podman");

    private static bool RunsQuietly(string command)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // Not installed.
        }
    }
}
