using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The AppHost started as <c>./run.sh</c> starts it (its built dll, the real dashboard on a free port), on a
/// given data folder, with the processes it started (the orchestrator and every descendant) found through /proc.</summary>
public sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _loginUrl = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process, int gatewayPort, int dashboardPort, string telemetryApiKey)
    {
        _process = process;
        GatewayUrl = new Uri($"http://localhost:{gatewayPort}");
        DashboardUrl = new Uri($"http://localhost:{dashboardPort}");
        _telemetryApiKey = telemetryApiKey;
    }

    private readonly string _telemetryApiKey;

    public Uri GatewayUrl { get; }

    public Uri DashboardUrl { get; }

    /// <summary>The dashboard's telemetry API (<c>/api/telemetry/…</c>, the same data as its Traces, Structured logs
    /// and Metrics pages), with the API key this AppHost was given.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> TelemetryAsync(string pathAndQuery)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(DashboardUrl, pathAndQuery));
        request.Headers.Add("x-api-key", _telemetryApiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public string DashboardLoginUrl => _loginUrl.Task.IsCompletedSuccessfully ? _loginUrl.Task.Result : throw new InvalidOperationException("No login link yet.");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<AppHostProcess> StartAsync(string dataPath)
    {
        var gatewayPort = LocalPorts.GetFreePort();
        var dashboardPort = LocalPorts.GetFreePort();
        var telemetryApiKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet",
            [MachineProcesses.AppHostDll, $"--AppHost:DataPath={dataPath}", $"--AppHost:GatewayPort={gatewayPort}", "--AppHost:Servers=Processes",
             $"--AppHost:DashboardApiKey={telemetryApiKey}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(MachineProcesses.AppHostDll)!,
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://localhost:{dashboardPort}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{LocalPorts.GetFreePort()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["DOTNET_ENVIRONMENT"] = "Development",
            },
        };
        var host = new AppHostProcess(Process.Start(start)!, gatewayPort, dashboardPort, telemetryApiKey);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();
        return Task.FromResult(host);
    }

    /// <summary>Until the gateway answers its health check (it starts after every service and server it waits for).</summary>
    public async Task WaitHealthyAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + AppHostFixture.StartTimeout;
        while (true)
        {
            Assert.False(_process.HasExited, $"The AppHost exited with {(_process.HasExited ? _process.ExitCode : 0)}: {Output}");
            try
            {
                if ((await http.GetAsync(new Uri(GatewayUrl, "/health"))).IsSuccessStatusCode)
                {
                    await _loginUrl.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The gateway was not healthy within {AppHostFixture.StartTimeout}: {Output}");
            await Task.Delay(250);
        }
    }

    /// <summary>The orchestrator this AppHost started (it watches the AppHost's pid) and all its descendants.</summary>
    public IReadOnlyList<ProcessInfo> StartedProcesses() => MachineProcesses.Orchestrated(_process.Id);

    public void Kill9()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as Ctrl+C or a service manager would; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        MachineProcesses.Signal(_process.Id, "TERM");
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            MachineProcesses.Signal(_process.Id, "TERM");
            try
            {
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (LoginLine().Match(line) is { Success: true } match)
        {
            _loginUrl.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (http://\S+)")]
    private static partial Regex LoginLine();
}
