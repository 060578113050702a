using Aspire.Hosting.ApplicationModel;

namespace ActionsDashboard.Hosting.LocalServers;

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
