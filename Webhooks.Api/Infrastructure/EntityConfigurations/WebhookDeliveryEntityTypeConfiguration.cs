using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Webhooks.Api.Model;

namespace Webhooks.Api.Infrastructure.EntityConfigurations;

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        // bytea has no length; the check keeps the column what its name says.
        builder.ToTable("deliveries", table => table.HasCheckConstraint(
            "ck_deliveries_payload_sha256_length", $"octet_length(payload_sha256) = {SHA256.HashSizeInBytes}"));
        // The primary key is the de-duplication: a second insert of the same delivery id fails with a unique violation.
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").HasMaxLength(WebhookDelivery.MaxIdLength);
        builder.Property(d => d.Event).HasColumnName("event").HasMaxLength(100);
        builder.Property(d => d.Action).HasColumnName("action").HasMaxLength(100);
        builder.Property(d => d.RepositoryFullName).HasColumnName("repository_full_name").HasMaxLength(200);
        builder.Property(d => d.InstallationId).HasColumnName("installation_id");
        builder.Property(d => d.HookId).HasColumnName("hook_id");
        builder.Property(d => d.ReceivedAt).HasColumnName("received_at");
        // bytea, not jsonb: the bytes GitHub signed, kept exactly, and no JSON re-parse on the acknowledgement path
        // (jsonb also rejects \u0000, which a commit message may contain). lz4 rather than the default pglz: payloads
        // are 5-30 KB of JSON, and pglz was most of PostgreSQL's CPU per delivery in the bench.
        builder.Property(d => d.Payload).HasColumnName("payload").UseCompressionMethod("lz4");
        builder.Property(d => d.PayloadSha256).HasColumnName("payload_sha256");
        builder.Property(d => d.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        builder.Property(d => d.Error).HasColumnName("error");
        builder.Property(d => d.ProcessedAt).HasColumnName("processed_at");
        builder.Property(d => d.ReprocessCount).HasColumnName("reprocess_count");

        builder.HasMany(d => d.OutboxMessages).WithOne().HasForeignKey(m => m.DeliveryId).OnDelete(DeleteBehavior.Cascade);

        // The other de-duplication: the delivery id is not signed, so one captured body could otherwise be replayed
        // under fresh ids, each stored and broadcast again. GitHub only sends byte-identical bodies for the same event
        // (a repository hook and an organisation hook both pointing here), so collapsing those is right too.
        // Nullable, and NULLs never conflict: rows stored before the column existed stay valid.
        builder.HasIndex(d => d.PayloadSha256).IsUnique().HasDatabaseName("ux_deliveries_payload_sha256");
        builder.HasIndex(d => d.ReceivedAt).HasDatabaseName("ix_deliveries_received_at");
        builder.HasIndex(d => new { d.State, d.ReceivedAt }).HasDatabaseName("ix_deliveries_state_received_at");
    }
}
