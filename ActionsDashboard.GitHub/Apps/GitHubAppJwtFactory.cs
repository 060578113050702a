using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ActionsDashboard.GitHub.Apps;

/// <summary>
/// Signs the short-lived RS256 JWT a GitHub App authenticates with (to list installations or mint installation
/// tokens).
/// </summary>
/// <remarks>https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app</remarks>
public sealed class GitHubAppJwtFactory : IDisposable
{
    /// <summary><c>iat</c> is backdated by this much: GitHub rejects tokens issued "in the future" by a skewed clock.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromSeconds(60);

    /// <summary>GitHub allows at most 10 minutes; 9 leaves room for clock skew.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");

    private readonly TimeProvider _time;
    private readonly Lazy<(string Issuer, RSA Key)> _credentials;
    private readonly bool _ownsKey;

    /// <summary>Uses <c>GitHub:AppId</c> (or <c>GitHub:ClientId</c>) and <c>GitHub:PrivateKey</c> / <c>PrivateKeyPath</c>, loaded on first use.</summary>
    public GitHubAppJwtFactory(IOptions<GitHubOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? TimeProvider.System;
        _ownsKey = true;
        _credentials = new Lazy<(string, RSA)>(() => LoadFromOptions(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Uses a key the caller owns (and disposes).</summary>
    public GitHubAppJwtFactory(string issuer, RSA privateKey, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentNullException.ThrowIfNull(privateKey);
        _time = timeProvider ?? TimeProvider.System;
        _credentials = new Lazy<(string, RSA)>((issuer, privateKey));
    }

    /// <summary>A fresh app JWT: <c>iat</c> = now − 60 s, <c>exp</c> = now + 9 min, <c>iss</c> = the app id.</summary>
    public string CreateToken()
    {
        var (issuer, key) = _credentials.Value;
        return CreateToken(issuer, key, _time.GetUtcNow());
    }

    public static string CreateToken(string issuer, RSA privateKey, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentNullException.ThrowIfNull(privateKey);

        var payload = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            writer.WriteNumber("iat", (now - ClockSkewAllowance).ToUnixTimeSeconds());
            writer.WriteNumber("exp", (now + Lifetime).ToUnixTimeSeconds());
            writer.WriteString("iss", issuer);
            writer.WriteEndObject();
        }

        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload.WrittenSpan);
        var signature = privateKey.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    public void Dispose()
    {
        if (_ownsKey && _credentials.IsValueCreated)
        {
            _credentials.Value.Key.Dispose();
        }
    }

    private static (string Issuer, RSA Key) LoadFromOptions(GitHubOptions options)
    {
        var issuer = !string.IsNullOrWhiteSpace(options.AppId) ? options.AppId : options.ClientId;
        if (string.IsNullOrWhiteSpace(issuer))
        {
            throw new InvalidOperationException("GitHub App authentication needs GitHub:AppId (or GitHub:ClientId); neither is configured.");
        }

        string pem;
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            // A PEM put in an environment variable often arrives with literal "\n" instead of line breaks.
            pem = options.PrivateKey.Contains('\n', StringComparison.Ordinal) ? options.PrivateKey : options.PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal);
        }
        else if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            if (!File.Exists(options.PrivateKeyPath))
            {
                throw new InvalidOperationException($"GitHub:PrivateKeyPath points at '{options.PrivateKeyPath}', which does not exist.");
            }
            pem = File.ReadAllText(options.PrivateKeyPath);
        }
        else
        {
            throw new InvalidOperationException(
                "GitHub App authentication needs the app's private key: set GitHub:PrivateKey (PEM text) or GitHub:PrivateKeyPath.");
        }

        var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
            return (issuer, key);
        }
        catch (ArgumentException exception)
        {
            key.Dispose();
            throw new InvalidOperationException(
                "The GitHub App private key is not a PEM RSA key (expected '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----').",
                exception);
        }
    }
}
