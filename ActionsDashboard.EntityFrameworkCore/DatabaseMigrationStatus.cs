using Microsoft.EntityFrameworkCore;

namespace ActionsDashboard.EntityFrameworkCore;

/// <summary>Whether this process has brought its database to the latest migration.</summary>
public sealed class DatabaseMigrationStatus<TContext> where TContext : DbContext
{
    private volatile bool _applied;

    public bool Applied => _applied;

    internal void MarkApplied() => _applied = true;
}
