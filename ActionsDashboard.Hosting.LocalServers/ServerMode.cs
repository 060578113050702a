using System.Diagnostics;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>How the AppHost provides PostgreSQL, Redis and RabbitMQ.</summary>
public enum ServerMode
{
    /// <summary>Aspire's containers (<c>AddPostgres</c>, <c>AddRedis</c>, <c>AddRabbitMQ</c>): where a container
    /// runtime answers, and always in a deployment manifest.</summary>
    Containers,

    /// <summary>Local processes from the machine's binaries: where no container runtime answers.</summary>
    Processes,

    /// <summary>Servers that already exist: connection strings from configuration (run) or secret connection-string
    /// parameters azd asks for (publish: managed services).</summary>
    Existing,
}

public static class ServerModes
{
    /// <summary>The mode <c>AppHost:Servers</c> names, else containers where Docker or Podman answers, else processes.</summary>
    public static ServerMode Choose(string? configured, bool publishing, Func<bool>? containerRuntimeAnswers = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Enum.TryParse<ServerMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
                ? mode
                : throw new ArgumentException(
                    $"AppHost:Servers is '{configured}'; use Containers, Processes or Existing (or leave it unset to choose by whether a container runtime answers).");
        }

        // A deployment runs containers whatever this machine has.
        if (publishing)
        {
            return ServerMode.Containers;
        }

        return (containerRuntimeAnswers ?? ContainerRuntime.Answers)() ? ServerMode.Containers : ServerMode.Processes;
    }
}

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
