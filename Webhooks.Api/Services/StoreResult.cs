namespace Webhooks.Api.Services;

/// <summary>
/// What became of one delivery in its batch: stored, a duplicate of a stored one, or not stored because webhooksdb
/// could not be reached (<see cref="StorageUnavailable"/> is why; nothing of its batch was stored).
/// </summary>
public sealed record StoreResult(bool Stored, Exception? StorageUnavailable)
{
    public static readonly StoreResult Inserted = new(true, null);

    public static readonly StoreResult Duplicate = new(false, null);
}
