using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class WorkflowJobEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowJobRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowJobRecord> job)
    {
        job.ToTable("workflow_jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).ValueGeneratedNever().HasColumnName("id");
        job.Property(j => j.RunId).HasColumnName("run_id");
        job.Property(j => j.RepositoryId).HasColumnName("repository_id");
        job.Property(j => j.RunAttempt).HasColumnName("run_attempt");
        job.Property(j => j.Name).HasColumnName("name");
        job.Property(j => j.Status).HasColumnName("status");
        job.Property(j => j.Conclusion).HasColumnName("conclusion");
        job.Property(j => j.CreatedAt).HasColumnName("created_at");
        job.Property(j => j.StartedAt).HasColumnName("started_at");
        job.Property(j => j.CompletedAt).HasColumnName("completed_at");
        job.Property(j => j.RunnerName).HasColumnName("runner_name");
        job.Property(j => j.Labels).HasColumnName("labels").HasJsonConversion();
        job.Property(j => j.HtmlUrl).HasColumnName("html_url");
        job.Property(j => j.Steps).HasColumnName("steps").HasJsonConversion();
        job.Property(j => j.RecordedAt).HasColumnName("recorded_at");
        job.HasIndex(j => j.RunId);
        // Insights: queue time per runner label reads jobs by repository and age, without their runs.
        job.HasIndex(j => new { j.RepositoryId, j.CreatedAt });
    }
}
