namespace GitHubProxy.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // dashboarddb holds settings and the workflow read model; Redis the GitHub response cache; the
        // event bus feeds the read model from webhooks.
        builder.AddNpgsqlDataSource("dashboarddb");
        builder.AddRedisClient("redis");
        builder.AddRabbitMQClient("eventbus");
    }
}
