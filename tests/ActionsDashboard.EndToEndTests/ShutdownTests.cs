using System.Net;
using ActionsDashboard.TestInfrastructure;

namespace ActionsDashboard.EndToEndTests;

/// <summary>The AppHost as a process, as <c>./run.sh</c> starts it: the real dashboard with its login link, the
/// gateway on its port, a clean stop on SIGTERM, and a clean second start after a <c>kill -9</c>.</summary>
[Collection(AppHostCollection.Name)]
public class ShutdownTests
{
    [Fact]
    public async Task After_a_kill_9_a_second_start_comes_up_and_SIGTERM_stops_every_process_it_started()
    {
        var data = Directory.CreateTempSubdirectory("apphost-process-");
        try
        {
            await using (var first = await AppHostProcess.StartAsync(data.FullName))
            {
                await first.WaitHealthyAsync();
                first.Kill9();
            }

            await using var second = await AppHostProcess.StartAsync(data.FullName);
            await second.WaitHealthyAsync();

            // The real dashboard: its login link signs in (the resources page is served), a wrong token does not.
            var dashboard = new Uri(second.DashboardLoginUrl);
            using var signedIn = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseProxy = false, AllowAutoRedirect = false });
            (await signedIn.GetAsync(dashboard)).Dispose();
            using var home = await signedIn.GetAsync(new Uri(dashboard, "/"));
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            using var wrong = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseProxy = false, AllowAutoRedirect = false });
            (await wrong.GetAsync(new Uri(dashboard, "/login?t=not-the-token"))).Dispose();
            using var refused = await wrong.GetAsync(new Uri(dashboard, "/"));
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);

            var started = second.StartedProcesses();
            Assert.Contains(started, p => p.Command.Contains("postgres -D", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.Contains("redis-server", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.Contains("beam.smp", StringComparison.Ordinal));
            Assert.Contains(started, p => p.Command.EndsWith("/Gateway", StringComparison.Ordinal));

            Assert.Equal(0, await second.StopAsync());

            string Survivors() => string.Join("; ", started.Where(p => MachineProcesses.IsAlive(p.Pid)).Select(p => $"{p.Pid} {p.Command}"));
            await Eventually.WaitForAsync(() => Task.FromResult(Survivors()), s => s.Length == 0, TimeSpan.FromSeconds(60), "for every process the AppHost started to stop");
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
