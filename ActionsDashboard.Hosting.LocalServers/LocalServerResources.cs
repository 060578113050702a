using Aspire.Hosting.ApplicationModel;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>PostgreSQL from the machine's binaries, as a process. Its connection string has the shape of Aspire's
/// <c>PostgresServerResource</c>, so a service cannot tell the two apart.</summary>
public sealed class LocalPostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "postgres";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServerDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={LocalServerDefaults.Loopback};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

/// <summary>A database on a local PostgreSQL server: no process of its own; created when the server is ready.</summary>
public sealed class LocalPostgresDatabaseResource(string name, string databaseName, LocalPostgresServerResource parent)
    : Resource(name), IResourceWithParent<LocalPostgresServerResource>, IResourceWithConnectionString
{
    public string DatabaseName { get; } = databaseName;

    public LocalPostgresServerResource Parent { get; } = parent;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}

/// <summary>Redis from the machine's binary, as a process; connection string <c>host:port,password=…</c> as Aspire's.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServerDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{LocalServerDefaults.Loopback}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}

/// <summary>RabbitMQ from the machine's packages, as a process with its own epmd; connection string
/// <c>amqp://user:password@host:port</c> as Aspire's.</summary>
public sealed class LocalRabbitMQServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "guest";

    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServerDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@{LocalServerDefaults.Loopback}:{PrimaryEndpoint.Property(EndpointProperty.Port)}");
}

internal static class LocalServerDefaults
{
    public const string EndpointName = "tcp";

    /// <summary>Every local server listens on IPv4 loopback only.</summary>
    public const string Loopback = "127.0.0.1";
}
