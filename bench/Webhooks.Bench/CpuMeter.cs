using System.Globalization;

namespace Webhooks.Bench;

/// <summary>
/// CPU seconds used by a process and its descendants (PostgreSQL's backends, RabbitMQ's Erlang VM), from /proc, so a
/// phase's CPU can be split between this process, PostgreSQL and RabbitMQ.
/// </summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100;

    public static double Seconds(int rootPid)
    {
        var parents = new Dictionary<int, int>();
        var ticks = new Dictionary<int, long>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                // utime + stime, plus the reaped children's (short-lived backends end before they can be read).
                ticks[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                    + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process ended while being read.
            }
        }

        long total = 0;
        foreach (var (pid, value) in ticks)
        {
            for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
            {
                if (current == rootPid)
                {
                    total += value;
                    break;
                }
            }
        }

        return total / TicksPerSecond;
    }

    /// <summary>The Erlang VM of the broker listening on <paramref name="amqpPort"/> (found by its environment).</summary>
    public static int? RabbitMQPid(int amqpPort)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid)
                    && File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "beam.smp"
                    && File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains($"RABBITMQ_NODE_PORT={amqpPort}"))
                {
                    return pid;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
