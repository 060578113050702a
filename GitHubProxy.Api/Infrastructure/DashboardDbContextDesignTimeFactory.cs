using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace GitHubProxy.Api.Infrastructure;

/// <summary>
/// For <c>dotnet ef migrations add</c>: builds the context without starting the app (which needs live connection
/// strings). Generating a migration never connects, so the connection string is a placeholder.
/// </summary>
internal sealed class DashboardDbContextDesignTimeFactory : IDesignTimeDbContextFactory<DashboardDbContext>
{
    public DashboardDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DashboardDbContext>()
            .UseNpgsql("Host=localhost;Database=dashboarddb")
            .Options);
}
