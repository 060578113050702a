using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class ProcessedEventEntityTypeConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.ToTable("processed_events");
        processed.HasKey(p => new { p.Consumer, p.EventId });
        processed.Property(p => p.Consumer).HasColumnName("consumer").HasMaxLength(200);
        processed.Property(p => p.EventId).HasColumnName("event_id");
        processed.Property(p => p.ProcessedAt).HasColumnName("processed_at");
        processed.HasIndex(p => p.ProcessedAt);
    }
}
