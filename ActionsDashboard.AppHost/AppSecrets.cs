using ActionsDashboard.Hosting.LocalServers;

namespace ActionsDashboard.AppHost;

/// <summary>
/// Passwords and keys as Aspire secret parameters. Run here, each is generated on first run and kept in the data
/// folder (<c>AppHost:DataPath</c>, <c>.data/apphost</c> by default; mode 600), so servers' data and sessions
/// survive a restart; <c>Parameters:&lt;name&gt;</c> overrides it. In a manifest each is a secret input that
/// azd asks for (or generates, for passwords).
/// </summary>
internal sealed class AppSecrets(IDistributedApplicationBuilder builder)
{
    private LocalDataFolder? _data;

    /// <summary>The data folder; created on first use, and never in publish mode.</summary>
    public LocalDataFolder Data => _data ??= new LocalDataFolder(
        builder.Configuration["AppHost:DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.Combine(builder.AppHostDirectory, "..", ".data", "apphost"));

    /// <summary>Letters and digits, at least <paramref name="minLength"/>.</summary>
    public IResourceBuilder<ParameterResource> Password(string name, int minLength = 22) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(name, new GenerateParameterDefault { MinLength = minLength, Special = false }, secret: true)
            : Local(name, () => Data.GetOrCreateSecret(name, minLength));

    /// <summary>32 random bytes, base64 (signing and encryption keys). A deployment cannot generate these in the
    /// right shape: azd asks for them.</summary>
    public IResourceBuilder<ParameterResource> Key(string name) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(name, secret: true)
            : Local(name, () => Data.GetOrCreateSecret(name, keyBytes: 32));

    private IResourceBuilder<ParameterResource> Local(string name, Func<string> generate) =>
        builder.Configuration[$"Parameters:{name}"] is { Length: > 0 }
            ? builder.AddParameter(name, secret: true)
            : builder.AddParameter(name, generate(), secret: true);
}
