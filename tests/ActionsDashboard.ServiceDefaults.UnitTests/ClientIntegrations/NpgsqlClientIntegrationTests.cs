using System.Diagnostics;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;
using static ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations.ClientIntegrationTestHost;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations;

public sealed class NpgsqlClientIntegrationTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private const string ConnectionName = "authdb";

    [Fact]
    public async Task Data_source_from_the_connection_string_runs_queries()
    {
        using var host = Build(postgres.ConnectionString);

        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT 40 + 2");

        Assert.Equal(42, await command.ExecuteScalarAsync());
        Assert.Same(host.Services.GetRequiredService<NpgsqlDataSource>(), host.Services.GetRequiredKeyedService<NpgsqlDataSource>(ConnectionName));
    }

    [Fact]
    public async Task Health_check_is_healthy_while_postgres_runs_unhealthy_once_it_stops_and_healthy_again_when_it_is_back()
    {
        using var host = Build(postgres.ConnectionString);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host.Services, ConnectionName)).Status);

        await postgres.StopAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var down = await CheckAsync(host.Services, ConnectionName);
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.DoesNotContain(postgres.Password, down.Description ?? string.Empty);
        }
        finally
        {
            await postgres.StartAsync();
        }

        await Eventually.WaitForAsync(
            () => CheckAsync(host.Services, ConnectionName), entry => entry.Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(15), "for the check to see PostgreSQL back");
    }

    [Fact]
    public void Health_check_is_named_after_the_connection_and_not_tagged_live()
    {
        using var host = Build(postgres.ConnectionString);

        var registration = Registration(host.Services, ConnectionName);

        Assert.DoesNotContain("live", registration.Tags);
        Assert.Equal(TimeSpan.FromSeconds(3), registration.Timeout);
    }

    private static IHost Build(string connectionString)
    {
        var builder = CreateBuilder(ConnectionName, connectionString);
        builder.AddNpgsqlDataSource(ConnectionName);
        return builder.Build();
    }
}
