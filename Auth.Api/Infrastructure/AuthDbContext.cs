using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;

namespace Auth.Api.Infrastructure;

/// <summary><c>authdb</c>: users, sessions (with sealed GitHub tokens) and sign-ins in flight. Only Auth.Api reads it.</summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Session> Sessions => Set<Session>();

    public DbSet<SignInAttempt> SignInAttempts => Set<SignInAttempt>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AuthDbContext).Assembly);
}
