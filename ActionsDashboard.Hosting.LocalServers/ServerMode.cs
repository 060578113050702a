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
