using GitHubProxy.Api.Infrastructure.EntityConfigurations;
using GitHubProxy.Api.Model;
using Microsoft.EntityFrameworkCore;

namespace GitHubProxy.Api.Infrastructure;

/// <summary><c>dashboarddb</c>: user settings and the workflow run/job read model fed by webhooks.</summary>
public sealed class DashboardDbContext(DbContextOptions<DashboardDbContext> options) : DbContext(options)
{
    public DbSet<WorkflowRunRecord> Runs => Set<WorkflowRunRecord>();

    public DbSet<WorkflowJobRecord> Jobs => Set<WorkflowJobRecord>();

    public DbSet<LatestRun> LatestRuns => Set<LatestRun>();

    public DbSet<TrackedRepository> TrackedRepositories => Set<TrackedRepository>();

    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();

    public DbSet<UserSettingsRecord> UserSettings => Set<UserSettingsRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfiguration(new WorkflowRunEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new WorkflowJobEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new LatestRunEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new TrackedRepositoryEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessedEventEntityTypeConfiguration());
        modelBuilder.ApplyConfiguration(new UserSettingsEntityTypeConfiguration());
    }
}
