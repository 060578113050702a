using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

/// <summary>
/// Seals secrets at rest with AES-256-GCM (an AEAD cipher). Each value is bound to its purpose (which row, which
/// token) through the associated data, so a ciphertext copied into another row or column does not open. Blob layout:
/// version (1 byte) | nonce (12) | tag (16) | ciphertext. Keys come from <c>Auth:TokenKeys</c>; new values are sealed
/// with <c>Auth:ActiveTokenKey</c>, and every configured key still opens what it sealed, so keys can be rotated.
/// </summary>
public sealed class TokenProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly Dictionary<string, byte[]> _keys;

    public TokenProtector(IOptions<AuthOptions> options)
    {
        var settings = options.Value;
        _keys = settings.TokenKeys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        ActiveKeyId = settings.ActiveTokenKey ?? throw new InvalidOperationException("Auth:ActiveTokenKey is not configured.");
    }

    public string ActiveKeyId { get; }

    public byte[] Protect(string plaintext, string purpose)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var input = Encoding.UTF8.GetBytes(plaintext);
        var blob = new byte[HeaderSize + input.Length];
        blob[0] = FormatVersion;
        var nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[ActiveKeyId], TagSize);
        aes.Encrypt(nonce, input, blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        CryptographicOperations.ZeroMemory(input);
        return blob;
    }

    /// <exception cref="CryptographicException">The key id is not configured any more, or the blob was altered or moved.</exception>
    public string Unprotect(byte[] blob, string keyId, string purpose)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (blob.Length < HeaderSize || blob[0] != FormatVersion)
        {
            throw new CryptographicException("The sealed value has an unknown format.");
        }

        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new CryptographicException($"The token key '{keyId}' is not configured (Auth:TokenKeys); values it sealed cannot be opened.");
        }

        var output = new byte[blob.Length - HeaderSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(blob.AsSpan(1, NonceSize), blob.AsSpan(HeaderSize), blob.AsSpan(1 + NonceSize, TagSize), output, Encoding.UTF8.GetBytes(purpose));
        return Encoding.UTF8.GetString(output);
    }

    public static string AccessTokenPurpose(string sessionHash) => $"session:{sessionHash}:access-token";

    public static string RefreshTokenPurpose(string sessionHash) => $"session:{sessionHash}:refresh-token";

    public static string CodeVerifierPurpose(string stateHash) => $"sign-in:{stateHash}:code-verifier";
}
