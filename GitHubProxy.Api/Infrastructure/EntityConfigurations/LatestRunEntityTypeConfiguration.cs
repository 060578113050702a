using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class LatestRunEntityTypeConfiguration : IEntityTypeConfiguration<LatestRun>
{
    public void Configure(EntityTypeBuilder<LatestRun> latest)
    {
        latest.ToTable("latest_runs");
        latest.HasKey(l => new { l.RepositoryId, l.WorkflowId, l.Branch });
        latest.Property(l => l.RepositoryId).HasColumnName("repository_id");
        latest.Property(l => l.WorkflowId).HasColumnName("workflow_id");
        latest.Property(l => l.Branch).HasColumnName("branch");
        latest.Property(l => l.RunId).HasColumnName("run_id");
        latest.Property(l => l.CreatedAt).HasColumnName("created_at");
        // The pruner deletes pointers to runs it removed, by age.
        latest.HasIndex(l => l.CreatedAt);
    }
}
