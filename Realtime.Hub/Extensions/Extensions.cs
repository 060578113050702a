namespace Realtime.Hub.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Each hub instance reads every event through its own queue on the broker.
        builder.AddRabbitMQClient("eventbus");
    }
}
