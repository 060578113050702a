using System.Diagnostics;
using ActionsDashboard.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using static ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations.ClientIntegrationTestHost;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations;

public sealed class RedisClientIntegrationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string ConnectionName = "redis";

    [Fact]
    public async Task Multiplexer_from_the_connection_string_reads_and_writes()
    {
        using var host = Build(redis.ConnectionString);
        var database = host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        await database.StringSetAsync("greeting", "hello");

        Assert.Equal("hello", (string?)await database.StringGetAsync("greeting"));
    }

    [Fact]
    public async Task Health_check_is_healthy_while_redis_runs_unhealthy_once_it_stops_and_healthy_again_when_it_is_back()
    {
        using var host = Build(redis.ConnectionString);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(host.Services, ConnectionName)).Status);

        await redis.StopAsync();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            var down = await CheckAsync(host.Services, ConnectionName);
            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
            Assert.DoesNotContain(redis.Password, down.Description ?? string.Empty);
        }
        finally
        {
            await redis.StartAsync();
        }

        await Eventually.WaitForAsync(
            () => CheckAsync(host.Services, ConnectionName), entry => entry.Status == HealthStatus.Healthy,
            TimeSpan.FromSeconds(20), "for the multiplexer to reconnect");
    }

    [Fact]
    public async Task Service_starts_while_redis_is_down_and_the_check_reports_unhealthy_within_its_timeout()
    {
        using var host = Build($"127.0.0.1:{LocalServers.FreeTcpPort()},password=unused");
        await host.StartAsync();

        var stopwatch = Stopwatch.StartNew();
        var entry = await CheckAsync(host.Services, ConnectionName);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.DoesNotContain("live", Registration(host.Services, ConnectionName).Tags);
        await host.StopAsync();
    }

    private static IHost Build(string connectionString)
    {
        var builder = CreateBuilder(ConnectionName, connectionString);
        builder.AddRedisClient(ConnectionName);
        return builder.Build();
    }
}
