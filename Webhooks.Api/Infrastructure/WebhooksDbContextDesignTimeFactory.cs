using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Webhooks.Api.Infrastructure;

/// <summary>
/// For <c>dotnet ef migrations add</c>: builds the context without starting the app (which needs live connection
/// strings). Generating a migration never connects, so the connection string is a placeholder.
/// </summary>
internal sealed class WebhooksDbContextDesignTimeFactory : IDesignTimeDbContextFactory<WebhooksDbContext>
{
    public WebhooksDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WebhooksDbContext>()
            .UseNpgsql("Host=localhost;Database=webhooksdb")
            .Options);
}
