using Microsoft.AspNetCore.Http.HttpResults;

namespace Webhooks.Api.Apis;

public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/github", ReceiveGitHubDelivery);
        return app;
    }

    /// <summary>Until ingestion is built, refuse deliveries with a 5xx so GitHub records them as failed and
    /// they can be redelivered later, instead of acknowledging events that would then be lost.</summary>
    public static ProblemHttpResult ReceiveGitHubDelivery() =>
        TypedResults.Problem(
            title: "Webhook ingestion is not available yet",
            detail: "This delivery was not stored. Redeliver it from the webhook's settings on GitHub once ingestion is available.",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
