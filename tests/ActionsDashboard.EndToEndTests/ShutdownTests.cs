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
