namespace Gateway.Infrastructure;

/// <summary>
/// Services keep their service-to-service routes under <c>/internal</c>. The catch-all route to the Web app would
/// otherwise match those paths too, so the gateway answers them itself: nothing under <c>/internal</c> leaves it.
/// </summary>
internal static class InternalRoutes
{
    public static readonly PathString Prefix = "/internal";

    public static void BlockInternalRoutes(this WebApplication app) =>
        app.Use((context, next) => context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase)
            ? GatewayProblems.WriteAsync(context, StatusCodes.Status404NotFound, "Not found", "There is nothing at this address.")
            : next(context));
}
