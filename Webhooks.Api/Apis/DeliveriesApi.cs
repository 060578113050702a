using ActionsDashboard.Identity.InternalApi;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Webhooks.Api.Infrastructure;
using Webhooks.Api.Model;
using Webhooks.Api.Services;

namespace Webhooks.Api.Apis;

/// <summary>
/// The internal view of recent deliveries and the way to reprocess a failed one. Not routed by the gateway, and
/// guarded by <c>Internal:ApiKey</c> (ActionsDashboard.Identity's <c>RequireInternalApiKeyWhenConfigured</c>: 404 while it is unset).
/// </summary>
public static class DeliveriesApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapDeliveriesApi(this IEndpointRouteBuilder app)
    {
        var deliveries = app.MapGroup("/internal/webhooks/deliveries")
            .RequireInternalApiKeyWhenConfigured()
            .ExcludeFromDescription()
            .WithTags("Deliveries");
        deliveries.MapGet("", ListDeliveries)
            .WithSummary("The most recent deliveries, newest first, optionally only those in one state.");
        deliveries.MapPost("{id}/reprocess", ReprocessDelivery)
            .WithSummary("Translates a failed delivery's stored payload again and queues the events it now yields.");
        return app;
    }

    /// <summary>The most recent deliveries, newest first, optionally only those in one state.</summary>
    public static async Task<Results<Ok<DeliveryList>, ProblemHttpResult>> ListDeliveries(
        WebhooksDbContext db,
        string? state,
        int? limit,
        CancellationToken cancellationToken)
    {
        DeliveryState? filter = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (!Enum.TryParse<DeliveryState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return TypedResults.Problem(
                    title: "Unknown delivery state",
                    detail: $"state must be one of {string.Join(", ", Enum.GetNames<DeliveryState>())} (got '{state}').",
                    statusCode: StatusCodes.Status400BadRequest);
            }

            filter = parsed;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(
                title: "Invalid limit",
                detail: $"limit must be between 1 and {MaxLimit} (got {limit}).",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var query = db.Deliveries.AsNoTracking();
        if (filter is { } only)
        {
            query = query.Where(d => d.State == only);
        }

        var deliveries = await query
            .OrderByDescending(d => d.ReceivedAt)
            .Take(limit ?? DefaultLimit)
            .Select(d => new DeliveryView(
                d.Id,
                d.Event,
                d.Action,
                d.RepositoryFullName,
                d.InstallationId,
                d.ReceivedAt,
                d.State,
                d.Error,
                d.ProcessedAt,
                d.ReprocessCount,
                d.Payload.Length,
                d.OutboxMessages.Count(m => m.PublishedAt != null),
                d.OutboxMessages.Count(m => m.PublishedAt == null)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeliveryList(deliveries));
    }

    /// <summary>Translates a failed delivery's stored payload again and queues the events it now yields.</summary>
    public static async Task<Results<Accepted<ReprocessResult>, ProblemHttpResult>> ReprocessDelivery(
        string id,
        DeliveryReprocessor reprocessor,
        CancellationToken cancellationToken)
    {
        var result = await reprocessor.ReprocessAsync(id, cancellationToken);
        return result.Outcome switch
        {
            ReprocessOutcome.Reprocessed => TypedResults.Accepted((string?)null, result),
            ReprocessOutcome.NotFound => TypedResults.Problem(
                title: "Delivery not found",
                detail: $"No delivery with id '{id}' has been received. Use the id from the X-GitHub-Delivery header.",
                statusCode: StatusCodes.Status404NotFound),
            ReprocessOutcome.NotFailed => TypedResults.Problem(
                title: "Only failed deliveries can be reprocessed",
                detail: $"Delivery '{id}' is {result.State?.ToString() ?? "being reprocessed"}; its events were already handled.",
                statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(
                title: "Reprocessing failed again",
                detail: $"Delivery '{id}' still cannot be turned into events: {result.Error}",
                statusCode: StatusCodes.Status422UnprocessableEntity),
        };
    }
}
