using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.EndToEndTests;

[Collection(AppHostCollection.Name)]
public class ShutdownTests
{
    [Fact]
    public async Task Stopping_the_app_stops_every_process_it_started()
    {
        var data = Directory.CreateTempSubdirectory("apphost-stop-");
        try
        {
            await using var app = AppHostFixture.Create(data.FullName);
            await AppHostFixture.StartAndWaitHealthyAsync(app);
            var started = app.ProcessIds.Values.SelectMany(pid => ProcessSignals.Descendants(pid).Prepend(pid)).ToList();
            Assert.Contains(app.ResourceNotifications.Get("postgres").ProcessId!.Value, started);
            Assert.True(started.Count >= 10, $"expected every server and service among {started.Count} processes");

            await app.StopAsync();

            var survivors = started.Where(ProcessSignals.IsAlive).Select(Describe).ToList();
            Assert.True(survivors.Count == 0, $"still running: {string.Join("; ", survivors)}");
            Assert.All(app.ResourceNotifications.GetAll(), r => Assert.Equal(ResourceState.Finished, r.State));
            Assert.Empty(Directory.GetFiles(Path.Combine(data.FullName, "run")));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_apphost_process_stops_everything_on_SIGTERM_and_exits_cleanly()
    {
        var data = Directory.CreateTempSubdirectory("apphost-sigterm-");
        var appHost = Path.Combine(AppContext.BaseDirectory, "ActionsDashboard.AppHost.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet",
            [appHost, $"--AppHost:DataPath={data.FullName}", "--AppHost:GatewayPort=0", "--AppHost:DashboardPort=0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("Press Ctrl+C to stop.", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(AppHostFixture.StartTimeout);
            var started = Directory.GetFiles(Path.Combine(data.FullName, "run"), "*.pid")
                .Select(f => int.Parse(File.ReadAllText(f).Split(' ')[0]))
                .SelectMany(pid => ProcessSignals.Descendants(pid).Prepend(pid)).ToList();
            Assert.True(started.Count >= 10, $"expected every server and service among {started.Count} processes");

            Assert.True(ProcessSignals.Send(process.Id, ProcessSignals.SIGTERM));
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, process.ExitCode);
            var survivors = started.Where(ProcessSignals.IsAlive).Select(Describe).ToList();
            Assert.True(survivors.Count == 0, $"still running: {string.Join("; ", survivors)}");
            lock (output)
            {
                Assert.Contains("Every resource has stopped.", output.ToString());
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            data.Delete(recursive: true);
        }
    }

    private static string Describe(int pid)
    {
        try
        {
            return $"{pid} {File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ')}";
        }
        catch (IOException)
        {
            return pid.ToString();
        }
    }
}
