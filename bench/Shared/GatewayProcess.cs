using System.Diagnostics;

/// <summary>
/// The gateway as its own process (<c>dotnet Gateway.dll</c>), as it runs under the AppHost. In the bench's process the
/// gateway's OpenTelemetry listeners would also record the load generator's and the stand-in's requests (activity
/// sources are process-wide), which a deployed gateway never sees; out of process, only its own work is measured.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<GatewayProcess> StartAsync(string gatewayDll, IReadOnlyDictionary<string, string?> settings, string readyPath)
    {
        var port = ActionsDashboard.TestInfrastructure.LocalServers.FreeTcpPort();
        var start = new ProcessStartInfo("dotnet", [Path.GetFullPath(gatewayDll)])
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(gatewayDll))!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        // Nothing collects telemetry in the bench, as when the AppHost's dashboard is off: the SDK still records.
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        // As the AppHost runs it (AppModel.GatewayRuntime); --with DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0 measures without.
        start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {gatewayDll}.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{port}/"));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + 60 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                if ((await http.GetAsync(new Uri(gateway.Url, readyPath))).StatusCode == System.Net.HttpStatusCode.OK)
                {
                    return gateway;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await gateway.DisposeAsync();
        lock (output)
        {
            throw new InvalidOperationException($"The gateway ({gatewayDll}) did not answer {readyPath} within 60 s. Its output:\n{output}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
