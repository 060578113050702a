using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.AppHost;

/// <summary>PostgreSQL (with <c>authdb</c>, <c>dashboarddb</c>, <c>webhooksdb</c>, <c>alertsdb</c>), Redis (<c>redis</c>) and RabbitMQ
/// (<c>eventbus</c>): Aspire's containers where a container runtime answers and in every manifest, local processes
/// from the machine's binaries where none does, or existing servers (<c>AppHost:Servers</c> chooses). The
/// connection names and shapes are the same every way, so the services cannot tell.</summary>
internal sealed record AppServers(
    IResourceBuilder<IResourceWithConnectionString> AuthDb,
    IResourceBuilder<IResourceWithConnectionString> DashboardDb,
    IResourceBuilder<IResourceWithConnectionString> WebhooksDb,
    IResourceBuilder<IResourceWithConnectionString> AlertsDb,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    IResourceBuilder<IResourceWithConnectionString> EventBus)
{
    public static AppServers Add(IDistributedApplicationBuilder builder, AppSecrets secrets)
    {
        var mode = ServerModes.Choose(builder.Configuration["AppHost:Servers"], builder.ExecutionContext.IsPublishMode);
        switch (mode)
        {
            case ServerMode.Existing:
                // Managed services in a deployment (azd asks for each connection string), or servers you already
                // run: ConnectionStrings__<name>.
                return new AppServers(
                    builder.AddConnectionString("authdb"),
                    builder.AddConnectionString("dashboarddb"),
                    builder.AddConnectionString("webhooksdb"),
                    builder.AddConnectionString("alertsdb"),
                    builder.AddConnectionString("redis"),
                    builder.AddConnectionString("eventbus"));

            case ServerMode.Processes:
            {
                var postgres = builder.AddLocalPostgres("postgres", secrets.Password("postgres-password"), secrets.Data);
                return new AppServers(
                    postgres.AddDatabase("authdb"),
                    postgres.AddDatabase("dashboarddb"),
                    postgres.AddDatabase("webhooksdb"),
                    postgres.AddDatabase("alertsdb"),
                    builder.AddLocalRedis("redis", secrets.Password("redis-password"), secrets.Data),
                    builder.AddLocalRabbitMQ("eventbus", secrets.Password("eventbus-password"), secrets.Data));
            }

            default:
            {
                var postgres = builder.AddPostgres("postgres", password: secrets.Password("postgres-password"));
                var redis = builder.AddRedis("redis", password: secrets.Password("redis-password"));
                IResourceBuilder<IResourceWithConnectionString> eventbus;
                if (builder.ExecutionContext.IsRunMode)
                {
                    // Data kept between runs, as with the local processes.
                    postgres.WithDataVolume();
                    redis.WithDataVolume();
                    eventbus = builder.AddRabbitMQ("eventbus", password: secrets.Password("eventbus-password")).WithDataVolume();
                }
                else
                {
                    // The image and settings of Aspire's AddRabbitMQ, as a plain container (see BrokerConnectionResource).
                    var password = secrets.Password("eventbus-password");
                    var broker = builder.AddContainer("eventbus-broker", "docker.io/library/rabbitmq", "4.3")
                        .WithEnvironment("RABBITMQ_DEFAULT_USER", BrokerConnectionResource.UserName)
                        .WithEnvironment("RABBITMQ_DEFAULT_PASS", password)
                        .WithEndpoint(targetPort: 5672, name: "tcp", scheme: "tcp");
                    eventbus = builder.AddResource(new BrokerConnectionResource("eventbus", broker.GetEndpoint("tcp"), password.Resource));
                }

                return new AppServers(
                    postgres.AddDatabase("authdb"),
                    postgres.AddDatabase("dashboarddb"),
                    postgres.AddDatabase("webhooksdb"),
                    postgres.AddDatabase("alertsdb"),
                    redis,
                    eventbus);
            }
        }
    }
}
