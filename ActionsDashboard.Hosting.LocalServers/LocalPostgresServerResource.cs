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
