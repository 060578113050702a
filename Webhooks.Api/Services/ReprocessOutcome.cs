namespace Webhooks.Api.Services;

public enum ReprocessOutcome
{
    Reprocessed,
    NotFound,
    NotFailed,
    StillFailing,
}
