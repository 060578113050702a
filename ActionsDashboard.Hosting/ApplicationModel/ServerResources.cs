namespace ActionsDashboard.Hosting.ApplicationModel;

/// <summary>A server the application needs (PostgreSQL, Redis, RabbitMQ): a container in a deployment,
/// a local process from the machine's own binaries when run here.</summary>
public abstract class ServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString, IResourceWithEndpoints
{
    public ParameterResource Password { get; } = password;

    /// <summary>When set, the server is not started: this connection string points at an existing one.</summary>
    public string? ExistingConnectionString { get; internal set; }

    public EndpointAnnotation PrimaryEndpoint => AnnotationsOf<EndpointAnnotation>().First(e => e.Name == "tcp");

    /// <summary>The container image a deployment runs (manifest only).</summary>
    public abstract string Image { get; }

    public abstract string GetConnectionString();

    public abstract string ManifestConnectionString { get; }

    protected AllocatedEndpoint Allocated =>
        PrimaryEndpoint.Allocated ?? throw new InvalidOperationException($"Resource '{Name}' has no allocated endpoint yet.");
}

public sealed class PostgresServerResource : ServerResource
{
    public PostgresServerResource(string name, ParameterResource password) : base(name, password) =>
        Annotations.Add(new EndpointAnnotation("tcp", "tcp", targetPort: 5432));

    public const string UserName = "postgres";

    public override string Image => "docker.io/library/postgres:17.6";

    public List<PostgresDatabaseResource> Databases { get; } = [];

    public override string GetConnectionString() => ExistingConnectionString
        ?? $"Host={Allocated.Host};Port={Allocated.Port};Username={UserName};Password={Password.GetValue()}";

    public override string ManifestConnectionString =>
        $"Host={{{Name}.bindings.tcp.host}};Port={{{Name}.bindings.tcp.port}};Username={UserName};Password={Password.ManifestExpression}";
}

public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource server)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = server;

    public Resource Parent => Server;

    /// <summary>When set (<c>ConnectionStrings:{name}</c> in the AppHost's configuration), used as it is.</summary>
    public string? ExistingConnectionString { get; internal set; }

    public string GetConnectionString() => ExistingConnectionString ?? $"{Server.GetConnectionString()};Database={DatabaseName}";

    public string ManifestConnectionString => $"{{{Server.Name}.connectionString}};Database={DatabaseName}";
}

public sealed class RedisResource : ServerResource
{
    public RedisResource(string name, ParameterResource password) : base(name, password) =>
        Annotations.Add(new EndpointAnnotation("tcp", "redis", targetPort: 6379));

    public override string Image => "docker.io/library/redis:7.4";

    public override string GetConnectionString() => ExistingConnectionString
        ?? $"{Allocated.Host}:{Allocated.Port},password={Password.GetValue()}";

    public override string ManifestConnectionString =>
        $"{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}},password={Password.ManifestExpression}";
}

public sealed class RabbitMQServerResource : ServerResource
{
    public RabbitMQServerResource(string name, ParameterResource password) : base(name, password)
    {
        Annotations.Add(new EndpointAnnotation("tcp", "tcp", targetPort: 5672));
    }

    public const string UserName = "guest";

    public override string Image => "docker.io/library/rabbitmq:4.1-management";

    public override string GetConnectionString() => ExistingConnectionString
        ?? $"amqp://{UserName}:{Uri.EscapeDataString(Password.GetValue())}@{Allocated.Host}:{Allocated.Port}";

    public override string ManifestConnectionString =>
        $"amqp://{UserName}:{{{Name}-password-uri-encoded.value}}@{{{Name}.bindings.tcp.host}}:{{{Name}.bindings.tcp.port}}";
}
