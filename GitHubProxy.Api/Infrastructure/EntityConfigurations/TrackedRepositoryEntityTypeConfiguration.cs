using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class TrackedRepositoryEntityTypeConfiguration : IEntityTypeConfiguration<TrackedRepository>
{
    public void Configure(EntityTypeBuilder<TrackedRepository> repository)
    {
        repository.ToTable("tracked_repositories");
        repository.HasKey(r => r.RepositoryId);
        repository.Property(r => r.RepositoryId).ValueGeneratedNever().HasColumnName("repository_id");
        repository.Property(r => r.Repository).HasColumnName("repository").HasMaxLength(140);
        repository.Property(r => r.BackfilledAt).HasColumnName("backfilled_at");
        repository.Property(r => r.LastWebhookAt).HasColumnName("last_webhook_at");
    }
}
