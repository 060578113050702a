using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Services;

/// <summary>
/// Seals a rule's destination (URL and secret) with AES-256-GCM, bound to the rule's id through the associated data so
/// a ciphertext copied into another row does not open. Blob: version (1) | nonce (12) | tag (16) | ciphertext.
/// </summary>
public sealed class SecretProtector(IOptions<AlertsOptions> options)
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key = Convert.FromBase64String(options.Value.SecretKey);

    public static bool IsValidKey(string? key)
    {
        var bytes = new byte[64];
        return !string.IsNullOrWhiteSpace(key) && Convert.TryFromBase64String(key, bytes, out var written) && written == 32;
    }

    public byte[] Protect(string plaintext, Guid ruleId)
    {
        var input = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[HeaderSize + input.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, input, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), Purpose(ruleId));
        CryptographicOperations.ZeroMemory(input);
        return blob;
    }

    /// <exception cref="CryptographicException">The blob was altered or moved, or the key changed.</exception>
    public string Unprotect(byte[] blob, Guid ruleId)
    {
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new CryptographicException("The sealed destination has an unknown format.");
        }

        var output = new byte[blob.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), output, Purpose(ruleId));
        return Encoding.UTF8.GetString(output);
    }

    private static byte[] Purpose(Guid ruleId) => Encoding.UTF8.GetBytes($"rule:{ruleId:N}:destination");
}
