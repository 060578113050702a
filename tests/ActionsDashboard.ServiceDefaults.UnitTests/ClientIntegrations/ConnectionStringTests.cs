using Microsoft.Extensions.Hosting;
using static ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations.ClientIntegrationTestHost;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations;

public sealed class ConnectionStringTests
{
    public static TheoryData<string, Action<HostApplicationBuilder, string>> Integrations => new()
    {
        { "authdb", (builder, name) => builder.AddNpgsqlDataSource(name) },
        { "redis", (builder, name) => builder.AddRedisClient(name) },
        { "eventbus", (builder, name) => builder.AddRabbitMQClient(name) },
    };

    [Theory]
    [MemberData(nameof(Integrations))]
    public void Missing_connection_string_is_an_error_naming_the_configuration_key(string name, Action<HostApplicationBuilder, string> add)
    {
        var builder = CreateBuilder(name, connectionString: null);

        var error = Assert.Throws<InvalidOperationException>(() => add(builder, name));

        Assert.Contains($"ConnectionStrings:{name}", error.Message);
    }
}
