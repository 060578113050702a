namespace ActionsDashboard.EntityFrameworkCore;

public sealed class DatabaseMigrationOptions
{
    public const string SectionName = "Database";

    /// <summary>How long start-up keeps retrying an unreachable database before the process gives up (and is restarted).</summary>
    public TimeSpan MigrationTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
