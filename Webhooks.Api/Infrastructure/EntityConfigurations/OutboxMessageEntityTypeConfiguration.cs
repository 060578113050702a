using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Webhooks.Api.Model;

namespace Webhooks.Api.Infrastructure.EntityConfigurations;

internal sealed class OutboxMessageEntityTypeConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("outbox_messages");
        builder.HasKey(m => m.Sequence);
        builder.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
        builder.Property(m => m.EventId).HasColumnName("event_id");
        builder.Property(m => m.EventType).HasColumnName("event_type").HasMaxLength(200);
        // text, not jsonb: the event is only ever read back whole, and jsonb would reject a \u0000 escape.
        builder.Property(m => m.Content).HasColumnName("content").UseCompressionMethod("lz4");
        builder.Property(m => m.DeliveryId).HasColumnName("delivery_id").HasMaxLength(WebhookDelivery.MaxIdLength);
        builder.Property(m => m.CreatedAt).HasColumnName("created_at");
        builder.Property(m => m.PublishedAt).HasColumnName("published_at");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.NextAttemptAt).HasColumnName("next_attempt_at");
        builder.Property(m => m.LastError).HasColumnName("last_error");
        builder.Property(m => m.TraceParent).HasColumnName("trace_parent").HasMaxLength(55);
        builder.Property(m => m.TraceState).HasColumnName("trace_state").HasMaxLength(512);

        builder.HasIndex(m => m.EventId).IsUnique().HasDatabaseName("ux_outbox_messages_event_id");
        builder.HasIndex(m => m.DeliveryId).HasDatabaseName("ix_outbox_messages_delivery_id");
        // Only pending rows are ever looked up by the dispatcher: a small partial index however long the history.
        builder.HasIndex(m => m.Sequence).HasFilter("published_at IS NULL").HasDatabaseName("ix_outbox_messages_pending");
    }
}
