using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.AppHost.Tests;

public class LocalServersTests
{
    [Fact]
    public void A_missing_server_binary_names_the_command_that_installs_it()
    {
        var error = Assert.Throws<MissingServerBinaryException>(() =>
            MachineBinaries.Require("/nonexistent/lib/postgresql/15/bin/postgres", "The PostgreSQL server", "postgresql"));

        Assert.Contains("sudo apt-get install -y postgresql", error.Message);
        Assert.Contains("/nonexistent/lib/postgresql/15/bin/postgres", error.Message);
        Assert.Contains("--AppHost:Servers=Containers", error.Message);
    }

    [Fact]
    public void Ports_come_from_below_the_ephemeral_range_so_no_outgoing_connection_can_hold_them()
    {
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);

        var ports = Enumerable.Range(0, 50).Select(_ => LocalPorts.GetFreePort()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 1024, low - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public void A_configured_port_that_is_taken_is_refused_with_its_number_and_the_setting_to_change()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var taken = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var error = Assert.Throws<InvalidOperationException>(() => LocalPorts.Resolve(taken, "AppHost:GatewayPort"));

        Assert.Contains($"Port {taken}", error.Message);
        Assert.Contains("--AppHost:GatewayPort=", error.Message);
    }

    [Theory]
    [InlineData(null, false, false, ServerMode.Processes)]
    [InlineData(null, false, true, ServerMode.Containers)]
    [InlineData(null, true, false, ServerMode.Containers)]
    [InlineData("processes", true, true, ServerMode.Processes)]
    [InlineData("Existing", false, true, ServerMode.Existing)]
    public void Servers_are_containers_where_a_runtime_answers_or_when_publishing_unless_configured(string? configured, bool publishing, bool runtime, ServerMode expected)
    {
        Assert.Equal(expected, ServerModes.Choose(configured, publishing, () => runtime));
    }

    [Fact]
    public void An_unknown_server_mode_is_refused_with_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => ServerModes.Choose("Kubernetes", publishing: false, () => false));

        Assert.Contains("Containers, Processes or Existing", error.Message);
    }
}
