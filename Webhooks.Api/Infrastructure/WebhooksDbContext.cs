using Microsoft.EntityFrameworkCore;
using Webhooks.Api.Infrastructure.EntityConfigurations;
using Webhooks.Api.Model;

namespace Webhooks.Api.Infrastructure;

/// <summary><c>webhooksdb</c>: every delivery, keyed by its GitHub delivery id, and the outbox of events to publish.</summary>
public sealed class WebhooksDbContext(DbContextOptions<WebhooksDbContext> options) : DbContext(options)
{
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new WebhookDeliveryEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxMessageEntityTypeConfiguration());
    }
}
