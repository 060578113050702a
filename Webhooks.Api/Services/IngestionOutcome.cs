namespace Webhooks.Api.Services;

public enum IngestionOutcome
{
    /// <summary>Stored with its events in the outbox.</summary>
    Accepted,

    /// <summary>Stored; an event the dashboard does not use.</summary>
    Ignored,

    /// <summary>Stored as failed (its payload could not be translated); reprocess it once the cause is fixed.</summary>
    Failed,

    /// <summary>This delivery id was stored before; nothing was done.</summary>
    Duplicate,

    /// <summary>A <c>ping</c>, stored.</summary>
    Pong,

    /// <summary>The database could not be reached: nothing was stored, and GitHub must redeliver.</summary>
    StorageUnavailable,
}
