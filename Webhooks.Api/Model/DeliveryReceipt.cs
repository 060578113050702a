namespace Webhooks.Api.Model;

/// <summary>What <c>POST /webhooks/github</c> answers with a 2xx.</summary>
/// <param name="Outcome"><c>accepted</c>, <c>ignored</c>, <c>failed</c> (stored for reprocessing), <c>duplicate</c> or <c>pong</c>.</param>
/// <param name="Events">How many integration events were queued for publishing.</param>
public sealed record DeliveryReceipt(string DeliveryId, string Event, string Outcome, int Events);
