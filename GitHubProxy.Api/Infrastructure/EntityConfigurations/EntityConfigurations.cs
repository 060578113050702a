using System.Text.Json;
using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GitHubProxy.Api.Infrastructure.EntityConfigurations;

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) where T : class
    {
        property.HasConversion(
                value => JsonSerializer.Serialize(value, Options),
                json => JsonSerializer.Deserialize<T>(json, Options)!,
                new ValueComparer<T>(
                    (a, b) => JsonSerializer.Serialize(a, Options) == JsonSerializer.Serialize(b, Options),
                    value => JsonSerializer.Serialize(value, Options).GetHashCode(StringComparison.Ordinal),
                    value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, Options), Options)!))
            .HasColumnType("jsonb");
        return property;
    }
}

internal sealed class WorkflowRunEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowRunRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowRunRecord> run)
    {
        run.ToTable("workflow_runs");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedNever().HasColumnName("id");
        run.Property(r => r.RepositoryKey).HasColumnName("repository_key").HasMaxLength(140);
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
        // The dashboard reads the latest runs of a repository; the pruner deletes by age.
        run.HasIndex(r => new { r.RepositoryKey, r.CreatedAt });
        run.HasIndex(r => r.UpdatedAt);
        run.HasIndex(r => new { r.Status, r.RecordedAt });
    }
}

internal sealed class WorkflowJobEntityTypeConfiguration : IEntityTypeConfiguration<WorkflowJobRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowJobRecord> job)
    {
        job.ToTable("workflow_jobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).ValueGeneratedNever().HasColumnName("id");
        job.Property(j => j.RunId).HasColumnName("run_id");
        job.Property(j => j.RepositoryKey).HasColumnName("repository_key").HasMaxLength(140);
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
    }
}

internal sealed class TrackedRepositoryEntityTypeConfiguration : IEntityTypeConfiguration<TrackedRepository>
{
    public void Configure(EntityTypeBuilder<TrackedRepository> repository)
    {
        repository.ToTable("tracked_repositories");
        repository.HasKey(r => r.RepositoryKey);
        repository.Property(r => r.RepositoryKey).HasColumnName("repository_key").HasMaxLength(140);
        repository.Property(r => r.Repository).HasColumnName("repository").HasMaxLength(140);
        repository.Property(r => r.BackfilledAt).HasColumnName("backfilled_at");
        repository.Property(r => r.LastWebhookAt).HasColumnName("last_webhook_at");
    }
}

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

internal sealed class UserSettingsEntityTypeConfiguration : IEntityTypeConfiguration<UserSettingsRecord>
{
    public void Configure(EntityTypeBuilder<UserSettingsRecord> settings)
    {
        settings.ToTable("user_settings");
        settings.HasKey(s => s.UserId);
        settings.Property(s => s.UserId).ValueGeneratedNever().HasColumnName("user_id");
        settings.Property(s => s.Settings).HasColumnName("settings").HasJsonConversion();
        settings.Property(s => s.UpdatedAt).HasColumnName("updated_at");
    }
}
