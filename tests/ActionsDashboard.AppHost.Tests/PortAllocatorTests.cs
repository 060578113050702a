using ActionsDashboard.Hosting.Orchestration;

namespace ActionsDashboard.AppHost.Tests;

public class PortAllocatorTests
{
    [Fact]
    public void Ports_come_from_below_the_ephemeral_range_so_no_outgoing_connection_can_hold_them()
    {
        var low = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0]);

        var ports = Enumerable.Range(0, 50).Select(_ => PortAllocator.GetFreePort()).ToList();

        Assert.All(ports, p => Assert.InRange(p, 1024, low - 1));
        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Fact]
    public void A_port_handed_out_is_bindable()
    {
        var port = PortAllocator.GetFreePort();

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        listener.Start();
        Assert.Equal(port, ((System.Net.IPEndPoint)listener.LocalEndpoint).Port);
    }
}
