using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActionsDashboard.Identity.Sessions;

/// <summary>
/// The session id is an opaque 256-bit random value that only the browser's cookie holds. The server side (Auth.Api's
/// table, both Redis caches, identity tokens) only ever sees its SHA-256, so a leaked table or cache holds no usable
/// cookie. The CSRF token is derived from the id as well: the gateway can check it from the cookie alone, and nobody
/// can compute it without the cookie.
/// </summary>
public static class SessionSecrets
{
    private const int IdBytes = 32;
    private const int EncodedIdLength = 43;

    public static string NewSessionId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));

    /// <summary>Shape check before any lookup, so junk cookies cost nothing.</summary>
    public static bool IsWellFormed(string? sessionId) =>
        sessionId is { Length: EncodedIdLength } && sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string Hash(string sessionId) => Digest("session\0", sessionId);

    public static string DeriveCsrfToken(string sessionId) => Digest("csrf\0", sessionId);

    /// <summary>Compares a presented CSRF token with the session's, in constant time.</summary>
    public static bool CsrfTokenMatches(string sessionId, string? presented) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(DeriveCsrfToken(sessionId)), Encoding.UTF8.GetBytes(presented));

    // Distinct prefixes keep the hash (stored) and the CSRF token (given to the page) unrelated to each other.
    private static string Digest(string purpose, string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(purpose + sessionId)));
    }
}
