using System.Security.Cryptography;

namespace ActionsDashboard.Identity;

internal static class KeyIds
{
    // A key id lets a validator pick the right key during a rotation; a hash prefix says nothing about the key.
    public static string For(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}
