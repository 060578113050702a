using Aspire.Hosting.ApplicationModel;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Redis from the machine's binary, as a process; connection string <c>host:port,password=…</c> as Aspire's.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public ParameterResource PasswordParameter { get; } = password;

    public EndpointReference PrimaryEndpoint => new(this, LocalServerDefaults.EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"{LocalServerDefaults.Loopback}:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}
