namespace Webhooks.Api.Services;

public sealed record IngestionResult(IngestionOutcome Outcome, int Events);
