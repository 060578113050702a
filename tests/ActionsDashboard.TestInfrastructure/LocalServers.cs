using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace ActionsDashboard.TestInfrastructure;

/// <summary>Ports, folders and secrets for throwaway servers on the loopback interface.</summary>
public static class LocalServers
{
    [UnsupportedOSPlatformGuard("windows")]
    public static bool RunningAsRoot => !OperatingSystem.IsWindows() && Environment.UserName == "root";

    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port that was free a moment ago, below the kernel's ephemeral range (Linux: 32768 and up), so no outgoing
    /// connection of another process can take it as its source port before the server binds it. Another listener
    /// still could: a race is possible but rare.
    /// </summary>
    public static int FreeTcpPort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20000, 32000);
            lock (Given)
            {
                if (!Given.Contains(port) && IsFree(port))
                {
                    Given.Add(port);
                    return port;
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsFree(int port)
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

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    /// <summary>
    /// A new folder under /tmp/actionsdashboard-tests. Under /tmp rather than $TMPDIR because servers
    /// that refuse root run as their own user, which must be able to traverse every parent folder.
    /// </summary>
    public static string CreateTemporaryDirectory(string prefix)
    {
        var root = Path.Combine(RunningAsRoot ? "/tmp" : Path.GetTempPath(), "actionsdashboard-tests");
        Directory.CreateDirectory(root);
        if (RunningAsRoot)
        {
            File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var directory = Path.Combine(root, $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A server that ignored its stop signal may still hold a file; the folder is under /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task WaitForTcpListenerAsync(int port, TimeSpan timeout, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (server.HasExited)
            {
                throw server.Failure($"exited before listening on port {port}");
            }

            using var client = new TcpClient();
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
                return;
            }
            catch (Exception exception) when (exception is SocketException or OperationCanceledException)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw server.Failure($"did not listen on port {port} within {timeout}");
                }

                await Task.Delay(100);
            }
        }
    }
}
