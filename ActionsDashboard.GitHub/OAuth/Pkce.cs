using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace ActionsDashboard.GitHub.OAuth;

/// <summary>Proof Key for Code Exchange (RFC 7636) with the S256 method, which GitHub supports.</summary>
public static class Pkce
{
    public const string Method = "S256";
    public const int MinVerifierLength = 43;
    public const int MaxVerifierLength = 128;

    /// <summary>A verifier of <paramref name="randomBytes"/> random bytes, base64url-encoded (32 bytes give 43 characters).</summary>
    public static string CreateVerifier(int randomBytes = 32)
    {
        // 32 bytes is the RFC's recommendation; 96 bytes is the most that fits in 128 characters.
        ArgumentOutOfRangeException.ThrowIfLessThan(randomBytes, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(randomBytes, 96);
        return Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(randomBytes));
    }

    /// <summary>base64url(SHA-256(ASCII(verifier))), the <c>code_challenge</c> for the authorize URL.</summary>
    public static string ComputeChallenge(string verifier)
    {
        if (!IsValidVerifier(verifier))
        {
            throw new ArgumentException(
                $"A PKCE code verifier is {MinVerifierLength} to {MaxVerifierLength} characters from A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1).",
                nameof(verifier));
        }
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
    }

    public static bool IsValidVerifier(string? verifier) =>
        verifier is { Length: >= MinVerifierLength and <= MaxVerifierLength } && verifier.All(IsUnreserved);

    private static bool IsUnreserved(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';
}
