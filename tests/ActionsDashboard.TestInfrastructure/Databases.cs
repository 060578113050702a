using Npgsql;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>Databases on a test PostgreSQL server, read directly rather than through the code under test.</summary>
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

    /// <summary>Runs <paramref name="sql"/> (parameters by name) and reads every row with <paramref name="read"/>.</summary>
    public static async Task<List<T>> QueryAsync<T>(string connectionString, string sql, Func<NpgsqlDataReader, T> read,
        params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
