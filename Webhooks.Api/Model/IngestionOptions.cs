namespace Webhooks.Api.Model;

/// <summary>
/// How authentic deliveries are written (<c>Webhooks:Ingestion</c>). Deliveries that arrive while a write is running
/// are stored together in the next one: one statement and one commit for all of them, instead of one each.
/// </summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Webhooks:Ingestion";

    /// <summary>
    /// The most deliveries one statement stores. A lone delivery never waits for others: a batch is only what queued
    /// while the previous write ran, so this bounds the statement's size under a burst, not anyone's wait.
    /// </summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>
    /// Writes in flight at once, each with its own connection. One keeps the outbox's sequence in arrival order across
    /// batches too; more only help when the commit's wait, not the CPU, is the limit.
    /// </summary>
    public int Writers { get; set; } = 1;
}
