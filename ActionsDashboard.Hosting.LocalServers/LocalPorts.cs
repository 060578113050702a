using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>Ports for local servers and services, chosen by the AppHost.</summary>
public static class LocalPorts
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port that is free on the loopback interface right now, chosen below the kernel's ephemeral range. A port the
    /// system picks (bind to 0) comes from that range, where any outgoing connection of any process can take it as
    /// its source port before our server binds it: the server then dies at start-up with "address already in use".
    /// Below the range only listeners compete.
    /// </summary>
    public static int GetFreePort()
    {
        var (low, _) = EphemeralRange();
        var top = Math.Min(low, 65536) - 1;
        var bottom = Math.Max(1024, top - 12000);
        if (top > bottom)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(bottom, top + 1);
                lock (Given)
                {
                    // Handed out earlier in this process but perhaps not bound yet: not free, whatever the kernel says.
                    if (!Given.Contains(port) && IsFree(port))
                    {
                        Given.Add(port);
                        return port;
                    }
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The configured port, or a free one when it is 0. A configured port that is taken is refused
    /// with a message that names it and the setting that chose it.</summary>
    public static int Resolve(int configured, string setting)
    {
        if (configured == 0)
        {
            return GetFreePort();
        }

        if (!IsFree(configured))
        {
            throw new InvalidOperationException(
                $"Port {configured} on localhost is already in use (by another program, or an AppHost that is still running). "
                + $"Stop it, or choose another port with --{setting}=<port> (0 picks a free one).");
        }

        return configured;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The kernel's range for source ports of outgoing connections (Linux default 32768-60999).</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }
}
