using ActionsDashboard.GitHub.Webhooks;

namespace Webhooks.Api.Services;

/// <summary>A request that passed every check: authentic, complete, and a JSON object.</summary>
public sealed record IncomingDelivery(string DeliveryId, string EventName, WebhookHeaders Headers, byte[] Payload);
