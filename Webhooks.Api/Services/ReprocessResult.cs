using Webhooks.Api.Model;

namespace Webhooks.Api.Services;

public sealed record ReprocessResult(ReprocessOutcome Outcome, DeliveryState? State, string? Error, int Events);
