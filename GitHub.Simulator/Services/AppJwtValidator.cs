using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// Checks a GitHub App JWT (<c>Authorization: Bearer</c> on <c>/app/...</c>): RS256, <c>iss</c> = the app id (or
/// client id), <c>exp</c> in the future and at most 10 minutes after <c>iat</c>. The signature is verified only when
/// <c>Simulator:App:PublicKey</c> is set, since the simulator does not hold the app's key otherwise.
/// </summary>
/// <remarks>https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app</remarks>
public sealed class AppJwtValidator(IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Null when the token is acceptable, otherwise GitHub's message for the 401.</summary>
    public string? Validate(string? jwt)
    {
        if (string.IsNullOrWhiteSpace(jwt))
        {
            return "A JSON web token could not be decoded";
        }
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return "A JSON web token could not be decoded";
        }
        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "RS256")
            {
                return "A JSON web token could not be decoded";
            }
            var settings = options.CurrentValue;
            var issuer = payload.RootElement.TryGetProperty("iss", out var iss)
                ? iss.ValueKind == JsonValueKind.Number ? iss.GetRawText() : iss.GetString()
                : null;
            if (issuer != settings.App.Id && issuer != settings.ClientId)
            {
                return "'Issuer' claim ('iss') must be the GitHub App's id or client id";
            }
            if (!TryReadSeconds(payload.RootElement, "exp", out var exp) || !TryReadSeconds(payload.RootElement, "iat", out var iat))
            {
                return "'Expiration time' claim ('exp') and 'Issued at' claim ('iat') must be numeric values";
            }
            var now = time.GetUtcNow();
            if (exp <= now - ClockSkew)
            {
                return "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
            }
            if (exp - iat > MaxLifetime + ClockSkew || iat > now + ClockSkew)
            {
                return "'Expiration time' claim ('exp') is too far in the future";
            }
            if (!string.IsNullOrWhiteSpace(settings.App.PublicKey) && !SignatureMatches(parts, settings.App.PublicKey))
            {
                return "A JSON web token could not be decoded";
            }
            return null;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or InvalidOperationException)
        {
            return "A JSON web token could not be decoded";
        }
    }

    private static bool TryReadSeconds(JsonElement payload, string name, out DateTimeOffset value)
    {
        value = default;
        if (!payload.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var seconds))
        {
            return false;
        }
        value = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool SignatureMatches(string[] parts, string publicKeyPem)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(publicKeyPem.Contains('\n', StringComparison.Ordinal) ? publicKeyPem : publicKeyPem.Replace("\\n", "\n", StringComparison.Ordinal));
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"Simulator:App:PublicKey is not a PEM RSA public key: {exception.Message}"), exception);
        }
        var signature = Base64Url.DecodeFromChars(parts[2]);
        return rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
