using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Webhooks.Api.Model;
using Webhooks.Api.Services;

namespace Webhooks.Api.Apis;

public static class WebhooksApi
{
    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        // No session here: GitHub authenticates each delivery with its signature, checked before anything is stored.
        app.MapPost("/webhooks/github", ReceiveGitHubDelivery)
            .WithMetadata(new RequestSizeLimitAttribute(WebhookDeliveryReader.MaxBodyBytes))
            .AllowAnonymous()
            .WithName("ReceiveGitHubDelivery")
            .WithSummary("Receives a GitHub webhook delivery: checks its signature, stores it with its events, and publishes them.")
            .WithTags("Webhooks");
        return app;
    }

    /// <summary>
    /// Verifies, validates and stores a delivery with its integration events, then answers: 202 when stored (GitHub
    /// wants a 2xx within 10 s, so publishing happens after the answer), 200 for <c>ping</c> and for a delivery id
    /// seen before, a problem otherwise (503 when the database is unreachable: nothing was acknowledged, so nothing is lost).
    /// </summary>
    public static async Task<Results<Ok<DeliveryReceipt>, Accepted<DeliveryReceipt>, ProblemHttpResult>> ReceiveGitHubDelivery(
        HttpRequest request,
        WebhookDeliveryReader reader,
        WebhookIngestion ingestion,
        CancellationToken cancellationToken)
    {
        var (delivery, rejection) = await reader.ReadAsync(request, cancellationToken);
        if (rejection is not null)
        {
            return TypedResults.Problem(title: rejection.Title, detail: rejection.Detail, statusCode: rejection.StatusCode);
        }

        var result = await ingestion.IngestAsync(delivery!);
        if (result.Outcome == IngestionOutcome.StorageUnavailable)
        {
            // GitHub does not redeliver by itself: the problem says what to do.
            return TypedResults.Problem(
                title: "Webhook storage is unavailable",
                detail: "The delivery was not stored because the database cannot be reached. GitHub shows it as failed: redeliver it from " +
                    "the webhook's Recent Deliveries once this service reports healthy.",
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var receipt = new DeliveryReceipt(delivery!.DeliveryId, delivery.EventName, result.Outcome.ToString().ToLowerInvariant(), result.Events);
        return result.Outcome is IngestionOutcome.Duplicate or IngestionOutcome.Pong
            ? TypedResults.Ok(receipt)
            : TypedResults.Accepted((string?)null, receipt);
    }
}
