using System.Security.Cryptography;
using System.Text;

namespace ActionsDashboard.GitHub.Webhooks;

/// <summary>
/// Checks <c>X-Hub-Signature-256</c>: <c>sha256=</c> + hex HMAC-SHA256 of the raw body keyed with the webhook secret.
/// </summary>
/// <remarks>https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries</remarks>
public static class WebhookSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    public const string Prefix = "sha256=";

    private const int HexLength = 64;

    /// <summary>The header value GitHub would send for <paramref name="body"/> (for simulators and tests).</summary>
    public static string Compute(ReadOnlySpan<byte> body, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    public static bool Verify(ReadOnlySpan<byte> body, string? signatureHeader, string? secret) =>
        Verify(body, signatureHeader, secret is null ? Array.Empty<string?>() : new[] { secret });

    /// <summary>
    /// True when the signature matches any of <paramref name="secrets"/> (several during a rotation). Missing
    /// header, another algorithm's prefix (<c>sha1=</c>), malformed hex or no usable secret all give false.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> body, string? signatureHeader, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!TryParseHeader(signatureHeader, expected))
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var matched = false;
        foreach (var secret in secrets)
        {
            // An empty key would make the HMAC computable by anyone: treat it as "no secret", never as a match.
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, actual);
            // Constant time, so a forger learns nothing from how long the comparison took.
            matched |= CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        return matched;
    }

    /// <summary>
    /// Reads the MAC out of a <c>sha256=</c> header into <paramref name="mac"/> (32 bytes); false when the header is
    /// missing, has another algorithm's prefix (<c>sha1=</c>) or is not 64 hex digits.
    /// </summary>
    public static bool TryParseHeader(string? signatureHeader, Span<byte> mac)
    {
        if (signatureHeader is null || !signatureHeader.StartsWith(Prefix, StringComparison.Ordinal) || mac.Length != HMACSHA256.HashSizeInBytes)
        {
            return false;
        }

        var hex = signatureHeader.AsSpan(Prefix.Length);
        return hex.Length == HexLength && Convert.FromHexString(hex, mac, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == mac.Length;
    }

    /// <summary>Verifies using only <see cref="WebhookHeaders.Signature256"/>: a delivery signed with SHA-1 alone fails.</summary>
    public static bool Verify(ReadOnlySpan<byte> body, WebhookHeaders headers, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(body, headers.Signature256, secrets);
    }
}
