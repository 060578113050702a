using System.Security.Cryptography;
using System.Text;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>
/// Checks <c>X-Hub-Signature-256</c> while the body arrives, chunk by chunk, so the body never has to be held in one
/// buffer before it is known to come from GitHub. One HMAC per configured secret (several during a rotation).
/// </summary>
public sealed class IncrementalWebhookSignature : IDisposable
{
    private readonly byte[] _expected;
    private readonly List<IncrementalHash> _macs;

    private IncrementalWebhookSignature(byte[] expected, List<IncrementalHash> macs)
    {
        _expected = expected;
        _macs = macs;
    }

    /// <summary>
    /// Starts a check, or returns null when the header cannot match whatever the body is: missing, another algorithm's
    /// prefix, malformed hex, or no usable secret.
    /// </summary>
    public static IncrementalWebhookSignature? Start(string? signatureHeader, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var expected = new byte[HMACSHA256.HashSizeInBytes];
        if (!WebhookSignature.TryParseHeader(signatureHeader, expected))
        {
            return null;
        }

        // An empty key would make the HMAC computable by anyone: treat it as "no secret", never as a match.
        var macs = secrets.Where(secret => !string.IsNullOrEmpty(secret))
            .Select(secret => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret!)))
            .ToList();
        return macs.Count == 0 ? null : new IncrementalWebhookSignature(expected, macs);
    }

    public void Append(ReadOnlySpan<byte> chunk)
    {
        foreach (var mac in _macs)
        {
            mac.AppendData(chunk);
        }
    }

    /// <summary>True when the body appended so far matches the signature for any secret (compared in constant time).</summary>
    public bool Matches()
    {
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matched = false;
        foreach (var mac in _macs)
        {
            mac.GetCurrentHash(actual);
            matched |= CryptographicOperations.FixedTimeEquals(actual, _expected);
        }

        return matched;
    }

    public void Dispose()
    {
        foreach (var mac in _macs)
        {
            mac.Dispose();
        }
    }
}
