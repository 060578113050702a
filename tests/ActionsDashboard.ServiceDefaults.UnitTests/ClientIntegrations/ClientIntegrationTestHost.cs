using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ActionsDashboard.ServiceDefaults.UnitTests.ClientIntegrations;

internal static class ClientIntegrationTestHost
{
    public static HostApplicationBuilder CreateBuilder(string connectionName, string? connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "client-integration-tests",
            EnvironmentName = "Production",
            DisableDefaults = true,
        });
        if (connectionString is not null)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{connectionName}"] = connectionString,
            });
        }

        return builder;
    }

    public static async Task<HealthReportEntry> CheckAsync(IServiceProvider services, string name)
    {
        var report = await services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Name == name);
        return report.Entries[name];
    }

    public static HealthCheckRegistration Registration(IServiceProvider services, string name) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>()
            .Value.Registrations.Single(registration => registration.Name == name);
}
