namespace ActionsDashboard.AppHost;

/// <summary>
/// The <c>eventbus</c> connection string of a deployment, over the RabbitMQ container <c>eventbus-broker</c>.
/// Aspire's RabbitMQ resource's connection string URI-encodes the password through an <c>annotated.string</c> manifest
/// entry, a type azd does not deploy; the generated password is letters and digits only, so it needs no encoding
/// and the connection string can be a plain <c>value.v0</c>.
/// </summary>
internal sealed class BrokerConnectionResource(string name, EndpointReference broker, ParameterResource password)
    : Resource(name), IResourceWithConnectionString
{
    public const string UserName = "guest";

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{password}@{broker.Property(EndpointProperty.Host)}:{broker.Property(EndpointProperty.Port)}");
}
