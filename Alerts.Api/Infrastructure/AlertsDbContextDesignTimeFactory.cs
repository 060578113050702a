using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Alerts.Api.Infrastructure;

/// <summary>For <c>dotnet ef migrations add</c>: generating a migration never connects, so the connection string is a placeholder.</summary>
internal sealed class AlertsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<AlertsDbContext>
{
    public AlertsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AlertsDbContext>()
            .UseNpgsql("Host=localhost;Database=alertsdb")
            .Options);
}
