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
    private readonly Lock _secretsLock = new();

    public LocalDataFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
        // PostgreSQL runs as its own user and must be able to traverse this folder to reach its own below it.
        UnixFiles.SetMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    public string Path { get; }

    /// <summary>The folder of one resource's files.</summary>
    public string For(string resource) => System.IO.Path.Combine(Path, resource);

    /// <summary>The stored secret, generated and stored (<c>secrets.json</c>, mode 600) on first use:
    /// letters and digits (<paramref name="minLength"/> at least 22), or with <paramref name="keyBytes"/> a
    /// base64 key of that many random bytes.</summary>
    public string GetOrCreateSecret(string name, int minLength = 22, int keyBytes = 0)
    {
        var file = System.IO.Path.Combine(Path, "secrets.json");
        lock (_secretsLock)
        {
            var secrets = File.Exists(file) ? JsonNode.Parse(File.ReadAllText(file))!.AsObject() : [];
            if (secrets[name]?.GetValue<string>() is { Length: > 0 } existing)
            {
                return existing;
            }

            // Letters and digits only: passwords go into connection strings and amqp:// URIs unescaped.
            const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
            var value = keyBytes > 0
                ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(keyBytes))
                : RandomNumberGenerator.GetString(alphabet, Math.Max(minLength, 22));
            secrets[name] = value;
            var temp = file + ".tmp";
            File.WriteAllText(temp, secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            UnixFiles.SetMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temp, file, overwrite: true);
            return value;
        }
    }
}
