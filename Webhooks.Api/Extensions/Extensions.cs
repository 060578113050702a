namespace Webhooks.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // webhooksdb keeps every delivery and the outbox; the event bus carries them on.
        builder.AddNpgsqlDataSource("webhooksdb");
        builder.AddRabbitMQClient("eventbus");
    }
}
