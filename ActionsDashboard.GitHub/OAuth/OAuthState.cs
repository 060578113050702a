using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActionsDashboard.GitHub.OAuth;

/// <summary>The OAuth <c>state</c> value that ties a callback to the sign-in that started it (CSRF protection).</summary>
public static class OAuthState
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Compares in constant time so the expected state cannot be guessed byte by byte.</summary>
    public static bool Matches(string? expected, string? actual)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(actual))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));
    }
}
