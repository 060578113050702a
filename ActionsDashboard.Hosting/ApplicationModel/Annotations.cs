namespace ActionsDashboard.Hosting.ApplicationModel;

/// <summary>A network endpoint a resource listens on.</summary>
public sealed class EndpointAnnotation(string name, string scheme, string transport = "tcp", int? port = null, int? targetPort = null)
    : IResourceAnnotation
{
    public string Name { get; } = name;

    /// <summary>URI scheme: <c>http</c>, <c>https</c>, <c>tcp</c>, <c>redis</c>...</summary>
    public string Scheme { get; } = scheme;

    /// <summary>Manifest transport: <c>tcp</c> or <c>http</c>.</summary>
    public string Transport { get; } = transport;

    /// <summary>The port on this machine; null or 0 means "pick a free one".</summary>
    public int? Port { get; set; } = port;

    /// <summary>The port inside the container in a deployment (manifest only).</summary>
    public int? TargetPort { get; set; } = targetPort;

    public bool IsExternal { get; set; }

    /// <summary>Set by the orchestrator when it runs the application.</summary>
    public AllocatedEndpoint? Allocated { get; internal set; }
}

public sealed record AllocatedEndpoint(string Host, int Port, string Scheme)
{
    public string Url => $"{Scheme}://{Host}:{Port}";
}

/// <summary>Start this resource only after <see cref="Target"/> is running and healthy.</summary>
public sealed record WaitAnnotation(Resource Target) : IResourceAnnotation;

/// <summary>A resource this one references (connection string or service discovery entries).</summary>
public sealed record ReferenceAnnotation(Resource Target) : IResourceAnnotation;

/// <summary>Adds environment variables to a project; runs in run mode and when publishing.</summary>
public sealed record EnvironmentCallbackAnnotation(Action<EnvironmentContext> Callback) : IResourceAnnotation;

/// <summary>A health check URL path the orchestrator polls for a project (Aspire's WithHttpHealthCheck).</summary>
public sealed record HttpHealthCheckAnnotation(string Path, string EndpointName) : IResourceAnnotation;

public enum ExecutionMode
{
    Run,
    Publish,
}

public sealed class EnvironmentContext(ExecutionMode mode, Resource resource)
{
    public ExecutionMode Mode { get; } = mode;

    public Resource Resource { get; } = resource;

    public bool IsPublishMode => Mode == ExecutionMode.Publish;

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);
}
