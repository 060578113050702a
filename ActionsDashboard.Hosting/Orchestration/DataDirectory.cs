using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionsDashboard.Hosting.Orchestration;

/// <summary>
/// The AppHost's git-ignored data folder: server data, generated passwords and the pids of what it started,
/// so a restart keeps data and a crashed AppHost's leftovers are cleaned up on the next start.
/// </summary>
internal sealed class DataDirectory
{
    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        Directory.CreateDirectory(RunPath);
        if (!OperatingSystem.IsWindows())
        {
            // PostgreSQL runs as its own user and must be able to reach its folder below this one.
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    public string Path { get; }

    public string RunPath => System.IO.Path.Combine(Path, "run");

    public string For(string resource) => System.IO.Path.Combine(Path, resource);

    /// <summary>Returns the stored secret, generating and storing it on first use (file mode 600).</summary>
    public string GetOrCreateSecret(string name, int minLength, int keyBytes = 0)
    {
        var file = System.IO.Path.Combine(Path, "secrets.json");
        lock (this)
        {
            var secrets = File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file))!.AsObject() : [];
            if (secrets[name]?.GetValue<string>() is { Length: > 0 } existing)
            {
                return existing;
            }

            // Letters and digits only: the value goes into connection strings and URIs unescaped in places.
            const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            var value = keyBytes > 0
                ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(keyBytes))
                : RandomNumberGenerator.GetString(alphabet, Math.Max(minLength, 22));
            secrets[name] = value;
            var temp = file + ".tmp";
            File.WriteAllText(temp, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, file, overwrite: true);
            return value;
        }
    }

    public void RecordProcess(string resource, int pid)
    {
        var start = ProcessSignals.StartTime(pid);
        File.WriteAllText(System.IO.Path.Combine(RunPath, resource + ".pid"), $"{pid} {start}");
    }

    public void ForgetProcess(string resource)
    {
        var file = System.IO.Path.Combine(RunPath, resource + ".pid");
        if (File.Exists(file))
        {
            File.Delete(file);
        }
    }

    /// <summary>Kills what a previous AppHost on this folder left running (it was killed before it could stop them).</summary>
    public IReadOnlyList<string> KillLeftovers()
    {
        var killed = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RunPath, "*.pid"))
        {
            var parts = File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && int.TryParse(parts[0], out var pid) && ProcessSignals.StartTime(pid) == parts[1])
            {
                foreach (var child in ProcessSignals.Descendants(pid).Reverse())
                {
                    ProcessSignals.Send(child, ProcessSignals.SIGKILL);
                }

                ProcessSignals.Send(pid, ProcessSignals.SIGKILL);
                killed.Add($"{System.IO.Path.GetFileNameWithoutExtension(file)} (pid {pid})");
            }

            File.Delete(file);
        }

        return killed;
    }
}

internal static class UnixFiles
{
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }
}

internal static class PortAllocator
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A port that is free on the loopback interface right now, chosen below the kernel's ephemeral range. A port the
    /// system picks for us (bind to 0) comes from that range, where any outgoing connection of any process can take
    /// it as its source port before our server binds it: the server then dies at start-up with "address already in
    /// use", again at every restart for as long as that connection lives. Below the range only listeners compete.
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

        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The kernel's range for source ports of outgoing connections (Linux default 32768-60999).</summary>
    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999);
        }
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
