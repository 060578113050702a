using ActionsDashboard.TestInfrastructure;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>One PostgreSQL and one RabbitMQ for every class here; each class gets its own database and exchange.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<PostgresServerFixture>, ICollectionFixture<RabbitMQServerFixture>
{
    public const string Name = "servers";
}
