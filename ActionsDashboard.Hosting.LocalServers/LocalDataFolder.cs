using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActionsDashboard.Hosting.LocalServers;

/// <summary>
/// The AppHost's git-ignored data folder (<c>.data/apphost</c> by default): each local server's files and the
/// secrets generated on first run (passwords, keys), so a restart keeps data and sessions usable.
/// </summary>
public sealed class LocalDataFolder
{
    private const UnixFileMode Traversable = UnixFiles.OwnerOnlyDirectory | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly Lock _secretsLock = new();

    public LocalDataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        // 0711, not 0700: when the AppHost runs as root, PostgreSQL runs as the postgres user (it refuses root) and must
        // pass through this folder to reach its own below it (which it owns, 0700). Passing through is all others get:
        // they cannot list it, and every file and folder in it is its owner's alone. Set exactly, even on a folder that
        // exists: a 0700 one would keep PostgreSQL out.
        UnixFiles.CreateDirectory(Path, Traversable);
        UnixFiles.SetMode(Path, Traversable);
    }

    public string Path { get; }

    /// <summary>The folder of one resource's files (not created here).</summary>
    public string For(string resource) => System.IO.Path.Combine(Path, resource);

    /// <summary>The stored secret, generated and stored (<c>secrets.json</c>, mode 600) on first use:
    /// letters and digits (<paramref name="minLength"/> at least 22), or with <paramref name="keyBytes"/> a
    /// base64 key of that many random bytes.</summary>
    public string GetOrCreateSecret(string name, int minLength = 22, int keyBytes = 0)
    {
        // Letters and digits only: passwords go into connection strings and amqp:// URIs unescaped.
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return GetOrCreateSecret(name, () => keyBytes > 0
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(keyBytes))
            : RandomNumberGenerator.GetString(alphabet, Math.Max(minLength, 22)));
    }

    /// <summary>The stored secret, or the one <paramref name="generate"/> makes, stored (<c>secrets.json</c>, mode 600) on
    /// first use (a key pair's private key, say).</summary>
    public string GetOrCreateSecret(string name, Func<string> generate)
    {
        ArgumentNullException.ThrowIfNull(generate);
        var file = System.IO.Path.Combine(Path, "secrets.json");
        lock (_secretsLock)
        {
            JsonObject secrets = [];
            if (File.Exists(file))
            {
                // Written 0600 by any version that wrote it; one made wider since is narrowed.
                UnixFiles.Narrow(file, UnixFiles.OwnerOnlyFile);
                secrets = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            }

            if (secrets[name]?.GetValue<string>() is { Length: > 0 } existing)
            {
                return existing;
            }

            var value = generate();
            secrets[name] = value;
            UnixFiles.WriteOwnerOnly(file, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return value;
        }
    }
}
