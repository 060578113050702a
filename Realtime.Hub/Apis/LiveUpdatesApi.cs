using Microsoft.AspNetCore.Http.HttpResults;

namespace Realtime.Hub.Apis;

public static class LiveUpdatesApi
{
    public static IEndpointRouteBuilder MapLiveUpdatesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/events", NotAvailableYet);
        app.Map("/ws/{**rest}", NotAvailableYet);
        return app;
    }

    /// <summary>The SignalR hub and the SSE stream arrive with the live-updates issue.</summary>
    public static ProblemHttpResult NotAvailableYet() =>
        TypedResults.Problem(
            title: "Live updates are not available yet",
            detail: "Reload the page to see the latest runs.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
