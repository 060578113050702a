using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActionsDashboard.Identity;

/// <summary>
/// Checks an internal identity token: signature (ES256 against <c>Identity:PublicKey</c> and previous public keys, or
/// HS256 against the shared key where no public key is configured), issuer, audience, lifetime.
/// </summary>
public sealed class InternalIdentityTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly IReadOnlyList<SecurityKey> _keys;
    private readonly string _algorithm;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;

    public InternalIdentityTokenValidator(IOptions<InternalIdentityOptions> options, TimeProvider time)
    {
        var settings = options.Value;
        // With a public key, only ES256 tokens from the gateway's private key count; the shared HMAC key is then ignored.
        if (!string.IsNullOrWhiteSpace(settings.PublicKey))
        {
            _keys = new[] { settings.PublicKey }.Concat(settings.PreviousPublicKeys).Where(k => !string.IsNullOrWhiteSpace(k))
                .Select(k => (SecurityKey)InternalIdentityKeys.VerificationKey(k)).ToList();
            _algorithm = SecurityAlgorithms.EcdsaSha256;
        }
        else
        {
            _keys = settings.ValidationKeyBytes().Select(key => (SecurityKey)new SymmetricSecurityKey(key) { KeyId = KeyIds.For(key) }).ToList();
            _algorithm = SecurityAlgorithms.HmacSha256;
        }

        _clockSkew = settings.ClockSkew;
        _time = time;
    }

    public async Task<InternalIdentityValidationResult> ValidateAsync(string? token, IReadOnlyCollection<string> audiences)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        if (string.IsNullOrWhiteSpace(token))
        {
            return new(null, "no token");
        }

        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = InternalIdentityDefaults.Issuer,
            ValidAudiences = audiences,
            IssuerSigningKeys = _keys,
            ValidAlgorithms = [_algorithm],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = IsWithinLifetime,
        }).ConfigureAwait(false);
        if (!result.IsValid)
        {
            // The exception type names the reason (expired, bad signature, wrong audience) without echoing the token.
            return new(null, result.Exception?.GetType().Name ?? "invalid token");
        }

        IDictionary<string, object> claims = result.Claims;
        var sub = Claim(claims, InternalIdentityClaims.UserId);
        var login = Claim(claims, InternalIdentityClaims.Login);
        var sessionHash = Claim(claims, InternalIdentityClaims.SessionHash);
        return long.TryParse(sub, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            && !string.IsNullOrEmpty(login) && !string.IsNullOrEmpty(sessionHash)
            ? new(new InternalIdentity(userId, login, sessionHash), null)
            : new(null, "missing claims");
    }

    private static string? Claim(IDictionary<string, object> claims, string name) =>
        claims.TryGetValue(name, out var value) ? value as string : null;

    // Our own check so the lifetime follows the injected TimeProvider (tests move time; services share one clock source).
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } until && now < until + _clockSkew && (notBefore is not { } from || now + _clockSkew >= from);
    }
}
