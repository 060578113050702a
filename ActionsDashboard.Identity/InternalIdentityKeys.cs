using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace ActionsDashboard.Identity;

/// <summary>
/// The asymmetric identity-token keys: an ECDSA P-256 pair (ES256). The gateway holds the private key
/// (<c>Identity:PrivateKey</c>, base64 PKCS#8) and signs; services hold only the public key (<c>Identity:PublicKey</c>,
/// base64 SubjectPublicKeyInfo) and check, so a compromised service cannot mint tokens for another.
/// </summary>
public static class InternalIdentityKeys
{
    /// <summary>A new pair, both base64: the private key (PKCS#8) and its public key (SubjectPublicKeyInfo).</summary>
    public static (string PrivateKey, string PublicKey) CreatePair()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(key.ExportPkcs8PrivateKey()), Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The public key (base64 SubjectPublicKeyInfo) of a private key (base64 PKCS#8).</summary>
    public static string PublicKeyOf(string privateKey)
    {
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        return Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
    }

    internal static ECDsaSecurityKey SigningKey(string privateKey)
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(Convert.FromBase64String(privateKey), out _);
        return new ECDsaSecurityKey(key) { KeyId = KeyIds.For(key.ExportSubjectPublicKeyInfo()) };
    }

    internal static ECDsaSecurityKey VerificationKey(string publicKey)
    {
        var key = ECDsa.Create();
        var bytes = Convert.FromBase64String(publicKey);
        key.ImportSubjectPublicKeyInfo(bytes, out _);
        return new ECDsaSecurityKey(key) { KeyId = KeyIds.For(bytes) };
    }
}
