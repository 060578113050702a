using System.Globalization;

/// <summary>One resource's processes at one moment, summed over the orchestrator's process and its descendants: VmRSS and PSS
/// (from /proc/&lt;pid&gt;/status and smaps_rollup, in MB), open file descriptors and threads.</summary>
internal sealed record ProcessSample(double Minute, double RssMb, double PssMb, int Fds, int Threads, int Processes)
{
    public static ProcessSample Take(IEnumerable<int> pids, double minute)
    {
        double rss = 0, pss = 0;
        int fds = 0, threads = 0, processes = 0;
        foreach (var pid in pids)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        rss += Kilobytes(line) / 1024.0;
                    }
                    else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                    {
                        threads += int.Parse(line.AsSpan(8).Trim(), CultureInfo.InvariantCulture);
                    }
                }

                foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                {
                    if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    {
                        pss += Kilobytes(line) / 1024.0;
                    }
                }

                fds += Directory.GetFiles($"/proc/{pid}/fd").Length;
                processes++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Gone between the listing and the read.
            }
        }

        return new ProcessSample(minute, rss, pss, fds, threads, processes);
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
