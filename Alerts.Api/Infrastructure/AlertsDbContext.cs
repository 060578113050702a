using Alerts.Api.Model;
using Microsoft.EntityFrameworkCore;

namespace Alerts.Api.Infrastructure;

/// <summary><c>alertsdb</c>: rules, deliveries (outbox and history), and what transitions are judged by.</summary>
public sealed class AlertsDbContext(DbContextOptions<AlertsDbContext> options) : DbContext(options)
{
    public DbSet<AlertRule> Rules => Set<AlertRule>();

    public DbSet<AlertDelivery> Deliveries => Set<AlertDelivery>();

    public DbSet<RunState> RunStates => Set<RunState>();

    public DbSet<KnownRepository> Repositories => Set<KnownRepository>();

    public DbSet<QueuedWatch> QueuedWatches => Set<QueuedWatch>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AlertRule>(rule =>
        {
            rule.ToTable("rules");
            rule.HasKey(r => r.Id);
            rule.Property(r => r.Name).HasMaxLength(100);
            rule.Property(r => r.Repository).HasMaxLength(140);
            rule.Property(r => r.RepositoryKey).HasMaxLength(140);
            rule.Property(r => r.Branch).HasMaxLength(255);
            rule.Property(r => r.Workflow).HasMaxLength(200);
            rule.Property(r => r.DestinationType).HasMaxLength(16);
            rule.Property(r => r.DestinationHost).HasMaxLength(253);
            rule.Property(r => r.DestinationAddress).HasMaxLength(320);
            rule.Property(r => r.Team).HasMaxLength(140);
            rule.HasIndex(r => r.OwnerId);
            rule.HasIndex(r => r.Team);
            // Events are matched by the repository's full name or its owner's wildcard.
            rule.HasIndex(r => r.RepositoryKey);
        });

        modelBuilder.Entity<AlertDelivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Alert).HasColumnType("jsonb");
            delivery.Property(d => d.Transition).HasMaxLength(16);
            delivery.Property(d => d.Status).HasMaxLength(16);
            delivery.Property(d => d.LastError).HasMaxLength(500);
            // One alert per rule, run attempt and transition, across replicas and redeliveries. Test deliveries have no run
            // (NULLs are distinct in a unique index), so any number of them may be sent.
            delivery.HasIndex(d => new { d.RuleId, d.RunId, d.RunAttempt, d.Transition }).IsUnique();
            delivery.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'pending'");
            delivery.Property(d => d.Team).HasMaxLength(140);
            delivery.HasIndex(d => new { d.OwnerId, d.CreatedAt });
            delivery.HasIndex(d => new { d.Team, d.CreatedAt });
        });

        modelBuilder.Entity<RunState>(state =>
        {
            state.ToTable("run_states");
            state.HasKey(s => new { s.RepositoryId, s.WorkflowId, s.Branch });
        });

        modelBuilder.Entity<KnownRepository>(repository =>
        {
            repository.ToTable("repositories");
            repository.HasKey(r => r.Id);
            repository.Property(r => r.Id).ValueGeneratedNever();
        });

        modelBuilder.Entity<QueuedWatch>(watch =>
        {
            watch.ToTable("queued_watches");
            watch.HasKey(w => new { w.RunId, w.RunAttempt, w.JobId });
            watch.HasIndex(w => w.QueuedAt);
        });

        // snake_case columns, as the other services' databases have, for the statements this service writes by hand.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            property.SetColumnName(SnakeCase(property.Name));
        }
    }

    internal static string SnakeCase(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
