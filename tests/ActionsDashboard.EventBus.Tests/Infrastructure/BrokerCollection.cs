using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EventBus.Tests.Infrastructure;

/// <summary>One broker for every test that needs one (it takes about 7 s to boot); each test uses its own exchange.</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<RabbitMQServerFixture>
{
    public const string Name = "rabbitmq";
}
