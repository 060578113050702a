using ActionsDashboard.Hosting.LocalServers;
using ActionsDashboard.Identity;

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

    /// <summary>
    /// The identity-token key pair (ECDSA P-256): <c>{name}-private-key</c> (base64 PKCS#8, secret; the gateway only) and
    /// <c>{name}-public-key</c> (base64 SubjectPublicKeyInfo; the services). Run here, the private key is generated once
    /// and kept, and the public key derived from it (or from <c>Parameters:{name}-private-key</c>); a deployment asks
    /// for both.
    /// </summary>
    public (IResourceBuilder<ParameterResource> PrivateKey, IResourceBuilder<ParameterResource> PublicKey) KeyPair(string name)
    {
        var privateName = $"{name}-private-key";
        var publicName = $"{name}-public-key";
        if (builder.ExecutionContext.IsPublishMode)
        {
            return (builder.AddParameter(privateName, secret: true), builder.AddParameter(publicName));
        }

        var privateKey = builder.Configuration[$"Parameters:{privateName}"] is { Length: > 0 } configured
            ? configured
            : Data.GetOrCreateSecret(privateName, () => InternalIdentityKeys.CreatePair().PrivateKey);
        return (Local(privateName, () => privateKey), builder.AddParameter(publicName, InternalIdentityKeys.PublicKeyOf(privateKey)));
    }

    private IResourceBuilder<ParameterResource> Local(string name, Func<string> generate) =>
        builder.Configuration[$"Parameters:{name}"] is { Length: > 0 }
            ? builder.AddParameter(name, secret: true)
            : builder.AddParameter(name, generate(), secret: true);
}
