namespace Auth.Api.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Users and sessions live in authdb; Redis keeps session snapshots so the gateway's check costs no
        // database round trip (ARCHITECTURE.md, "Data ownership").
        builder.AddNpgsqlDataSource("authdb");
        builder.AddRedisClient("redis");
    }
}
