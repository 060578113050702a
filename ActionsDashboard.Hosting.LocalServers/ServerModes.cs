namespace ActionsDashboard.Hosting.LocalServers;

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
