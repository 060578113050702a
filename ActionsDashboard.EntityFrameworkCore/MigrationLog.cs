using Microsoft.Extensions.Logging;

namespace ActionsDashboard.EntityFrameworkCore;

internal static partial class MigrationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Database} is at the latest migration.")]
    public static partial void Migrated(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Database} cannot be migrated yet; trying again in {DelaySeconds} s.")]
    public static partial void Retrying(ILogger logger, Exception exception, string database, double delaySeconds);
}
