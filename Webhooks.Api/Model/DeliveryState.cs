namespace Webhooks.Api.Model;

/// <summary>Where a stored delivery is in its life.</summary>
public enum DeliveryState
{
    /// <summary>Stored with its integration events; they are waiting in the outbox to be published.</summary>
    Received,

    /// <summary>Every integration event it yielded is on the bus (or it yielded none that needed publishing, like <c>ping</c>).</summary>
    Processed,

    /// <summary>An event the dashboard does not use (<c>check_run</c>, <c>workflow_dispatch</c>, ...): kept, not published.</summary>
    Ignored,

    /// <summary>Authentic, but its payload could not be turned into integration events; see the error, then reprocess.</summary>
    Failed,
}
