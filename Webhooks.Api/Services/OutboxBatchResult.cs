namespace Webhooks.Api.Services;

/// <param name="MoreDue">A full batch went out: more rows may be due at once.</param>
/// <param name="NextDueIn">When the earliest pending row becomes due, if any is pending.</param>
internal sealed record OutboxBatchResult(int Published, int Failed, bool MoreDue, TimeSpan? NextDueIn);
