using ActionsDashboard.TestInfrastructure;
using Npgsql;

namespace Webhooks.Api.FunctionalTests.Infrastructure;

/// <summary>
/// Holds <c>deliveries</c> locked against inserts, as another long transaction would: the service's next write waits,
/// and deliveries posted meanwhile queue behind it. Released, they are stored together, so a test builds a batch of
/// its choosing instead of hoping concurrent requests happen to meet.
/// </summary>
public sealed class DeliveriesLock : IAsyncDisposable
{
    private readonly WebhooksApiFactory _api;
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;

    private DeliveriesLock(WebhooksApiFactory api, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _api = api;
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<DeliveriesLock> TakeAsync(WebhooksApiFactory api)
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        // EXCLUSIVE conflicts with an INSERT's ROW EXCLUSIVE but not with reads, so the test can still look.
        await using var command = new NpgsqlCommand("LOCK TABLE deliveries IN EXCLUSIVE MODE", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new DeliveriesLock(api, connection, transaction);
    }

    /// <summary>Returns once an insert is waiting for this lock: the service's writer is busy with that statement.</summary>
    public Task WaitForBlockedInsertAsync() =>
        Eventually.UntilAsync(async () => await _api.CountAsync("""
            SELECT count(*) FROM pg_locks
            WHERE NOT granted AND relation = 'deliveries'::regclass
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """) > 0, "for the service's insert to wait for the lock");

    public async Task ReleaseAsync()
    {
        if (_transaction is { } transaction)
        {
            _transaction = null;
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (NpgsqlException)
        {
            // The server was stopped under it: nothing is held any more.
        }

        await _connection.DisposeAsync();
    }
}
