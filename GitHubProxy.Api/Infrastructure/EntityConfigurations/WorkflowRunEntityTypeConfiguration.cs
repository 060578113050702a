using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal sealed class WorkflowRunEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowRunRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowRunRecord> run)
    {
        run.ToTable("workflow_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever().HasColumnName("id");
        run.Property(r => r.RepositoryId).HasColumnName("repository_id");
        run.Property(r => r.Repository).HasColumnName("repository").HasMaxLength(140);
        run.Property(r => r.RunNumber).HasColumnName("run_number");
        run.Property(r => r.RunAttempt).HasColumnName("run_attempt");
        run.Property(r => r.WorkflowId).HasColumnName("workflow_id");
        run.Property(r => r.WorkflowName).HasColumnName("workflow_name");
        run.Property(r => r.DisplayTitle).HasColumnName("display_title");
        run.Property(r => r.Event).HasColumnName("event");
        run.Property(r => r.Branch).HasColumnName("branch");
        run.Property(r => r.HeadSha).HasColumnName("head_sha");
        run.Property(r => r.CommitMessage).HasColumnName("commit_message");
        run.Property(r => r.ActorLogin).HasColumnName("actor_login");
        run.Property(r => r.ActorAvatarUrl).HasColumnName("actor_avatar_url");
        run.Property(r => r.Status).HasColumnName("status");
        run.Property(r => r.Conclusion).HasColumnName("conclusion");
        run.Property(r => r.CreatedAt).HasColumnName("created_at");
        run.Property(r => r.StartedAt).HasColumnName("started_at");
        run.Property(r => r.UpdatedAt).HasColumnName("updated_at");
        run.Property(r => r.HtmlUrl).HasColumnName("html_url");
        run.Property(r => r.PullRequests).HasColumnName("pull_requests");
        run.Property(r => r.InstallationId).HasColumnName("installation_id");
        run.Property(r => r.RecordedAt).HasColumnName("recorded_at");
        // The dashboard reads the latest runs of a repository (by GitHub's id); the pruner deletes by age.
        run.HasIndex(r => new { r.RepositoryId, r.CreatedAt });
        run.HasIndex(r => r.UpdatedAt);
        run.HasIndex(r => new { r.Status, r.RecordedAt });
        // Insights: one workflow's runs in a window, on every branch or on one (and its failure streak).
        run.HasIndex(r => new { r.RepositoryId, r.WorkflowId, r.CreatedAt });
        run.HasIndex(r => new { r.RepositoryId, r.WorkflowId, r.Branch, r.CreatedAt });
        // The commit grid: a branch's runs, by commit.
        run.HasIndex(r => new { r.RepositoryId, r.Branch, r.HeadSha });
    }
}
