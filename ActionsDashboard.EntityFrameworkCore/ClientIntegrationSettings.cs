using Aspire.Npgsql.EntityFrameworkCore.PostgreSQL;

namespace ActionsDashboard.EntityFrameworkCore;

/// <summary>
/// How the services enrich their DbContexts with Aspire.Npgsql.EntityFrameworkCore.PostgreSQL
/// (<c>builder.EnrichNpgsqlDbContext&lt;T&gt;(ClientIntegrationSettings.DbContext)</c>). Each context is built on the
/// service's <c>NpgsqlDataSource</c> from Aspire.Npgsql, which the services also use directly for hand-written SQL;
/// <c>AddNpgsqlDbContext</c> would give the context a second, separate pool.
/// </summary>
public static class ClientIntegrationSettings
{
    public static void DbContext(NpgsqlEntityFrameworkCorePostgreSQLSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // EF's retrying execution strategy refuses transactions the code begins itself, and the services do (a delivery
        // and its outbox row in one transaction, a session and its user); callers already handle a failed statement.
        settings.DisableRetry = true;
        // Aspire.Npgsql's check on the data source already reports the database (named after the connection).
        settings.DisableHealthChecks = true;
    }
}
