using ActionsDashboard.TestInfrastructure;
using Npgsql;

namespace ActionsDashboard.FunctionalTests;

public static class Databases
{
    /// <summary>A new, empty database on the fixture's server; its connection string.</summary>
    public static async Task<string> CreateAsync(PostgresServerFixture postgres, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return postgres.GetConnectionString(name);
    }
}
