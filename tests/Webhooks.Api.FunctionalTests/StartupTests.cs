using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ActionsDashboard.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Webhooks.Api.FunctionalTests.Infrastructure;
using Webhooks.Api.Infrastructure;

namespace Webhooks.Api.FunctionalTests;

[Collection(ServersCollection.Name)]
public sealed class StartupTests(WebhooksApiFixture fixture) : ApiTestBase(fixture)
{
    [Fact]
    public async Task Migrations_are_applied_before_the_service_answers_and_health_reports_them()
    {
        using var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Healthy", (string?)report["status"]);
        Assert.Contains("webhooksdb-migrations", report.ToJsonString());
        var applied = await Api.QueryAsync("SELECT \"MigrationId\" FROM \"__EFMigrationsHistory\"", row => row.GetString(0));
        Assert.Single(applied, id => id.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_is_unhealthy_until_the_migrations_have_run()
    {
        var status = new DatabaseMigrationStatus<WebhooksDbContext>();
        var check = new DatabaseMigrationHealthCheck<WebhooksDbContext>("webhooksdb", status);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("webhooksdb-migrations", check, HealthStatus.Unhealthy, null),
        };

        var before = await check.CheckHealthAsync(context);
        status.MarkApplied();
        var after = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Unhealthy, before.Status);
        Assert.Contains("not been applied", before.Description);
        Assert.Equal(HealthStatus.Healthy, after.Status);
    }
}
