using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>
/// A .NET service's live managed heap: <c>dotnet-gcdump report</c> (the repository's tool manifest) forces a full,
/// compacting collection in the process and counts what survives. Unlike RSS or PSS, this does not include what the
/// garbage collector keeps committed for later (server GC grows its budgets under load and gives memory back slowly), so
/// a live heap that keeps growing is a leak, and a PSS that grows while the live heap does not is the collector's slack.
/// </summary>
internal static partial class LiveHeap
{
    /// <summary>The service's own process in a resource's tree: the .NET process (it has a diagnostics socket) that is not
    /// the <c>dotnet run</c> launcher Aspire starts it with.</summary>
    public static int? ServicePid(IReadOnlyList<int> tree) =>
        tree.Where(pid => Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*-socket").Any())
            .Where(pid => !IsDotnetRun(pid))
            .Cast<int?>()
            .LastOrDefault();

    /// <summary>Live managed bytes after a full collection, in MB, or null when the tool could not read them.</summary>
    public static async Task<double?> MeasureAsync(int pid, string repositoryRoot, CancellationToken cancellationToken) =>
        (await ReportAsync(pid, repositoryRoot, cancellationToken)).Megabytes;

    /// <summary>
    /// Live managed bytes after a full collection, in MB, and the live objects by type (largest share first), or null and
    /// none when the tool could not read them.
    /// </summary>
    public static async Task<(double? Megabytes, IReadOnlyList<HeapType> Types)> ReportAsync(int pid, string repositoryRoot, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-gcdump", "report", "-p", pid.ToString(CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (null, []);
        }

        var text = await output;
        var match = HeapBytes().Match(text);
        if (!match.Success)
        {
            return (null, []);
        }

        // The report's "Object Bytes" is the type's size as the dump records it, printed beside the count, not the total of
        // its objects (dotnet/diagnostics' PrintReportHelper). Arrays are grouped by size ("Bytes > 1K") with one size for
        // the group, so their totals are estimates.
        var types = TypeLine().Matches(text)
            .Select(line => new HeapType(line.Groups[3].Value.Trim(), Number(line.Groups[1].Value) * Number(line.Groups[2].Value), Number(line.Groups[2].Value)))
            .OrderByDescending(type => type.Bytes)
            .ToList();
        return (Number(match.Groups[1].Value) / 1048576.0, types);
    }

    /// <summary>The repository (the folder with ActionsDashboard.sln and the tool manifest) above this bench.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActionsDashboard.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException($"No ActionsDashboard.sln above {AppContext.BaseDirectory}.");
    }

    private static bool IsDotnetRun(int pid)
    {
        try
        {
            var arguments = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            return arguments.Length > 1 && Path.GetFileName(arguments[0]) == "dotnet" && arguments[1] == "run";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static long Number(string text) => long.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^\s*([\d,]+)\s+GC Heap bytes", RegexOptions.Multiline)]
    private static partial Regex HeapBytes();

    // "      4,120       481  System.Byte[] (Bytes > 1K)  [System.Private.CoreLib.dll]": one object's bytes, objects, type.
    [GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(\S.*)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}

/// <summary>Live objects of one type in a heap report: their bytes (objects × the type's size) and how many.</summary>
internal sealed record HeapType(string Name, long Bytes, long Count);
