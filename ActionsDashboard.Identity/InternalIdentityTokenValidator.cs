using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ActionsDashboard.Identity;

/// <summary>
/// Checks an internal identity token: signature (ES256 against <c>Identity:PublicKey</c> and previous public keys, or
/// HS256 against the shared key where no public key is configured), issuer, audience, lifetime. A token that passed is
/// remembered by its exact text until it expires: the gateway reuses a token for a while (<see
/// cref="InternalIdentityTokenIssuer"/>), and checking an ES256 token took about 319 µs measured alone (#17 goal 2), more
/// than a dashboard revalidation's own work. A remembered token's audience and lifetime are still checked on every
/// request; any other text, however close, is checked in full.
/// </summary>
public sealed class InternalIdentityTokenValidator
{
    /// <summary>Tokens remembered; past this many the remembered ones are dropped (checked in full again).</summary>
    internal const int MaxRemembered = 10_000;

    private readonly ConcurrentDictionary<string, Passed> _passed = new(StringComparer.Ordinal);
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

        if (_passed.TryGetValue(token, out var passed))
        {
            return !audiences.Contains(passed.Audience, StringComparer.Ordinal) ? new(null, nameof(SecurityTokenInvalidAudienceException))
                : !IsWithinLifetime(passed.NotBefore, passed.Expires) ? new(null, nameof(SecurityTokenExpiredException))
                : new(passed.Identity, null);
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
            LifetimeValidator = (notBefore, expires, _, _) => IsWithinLifetime(notBefore, expires),
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
        if (!long.TryParse(sub, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            || string.IsNullOrEmpty(login) || string.IsNullOrEmpty(sessionHash))
        {
            return new(null, "missing claims");
        }

        var identity = new InternalIdentity(userId, login, sessionHash);
        // Remembered with the one audience it was accepted for (the gateway mints one per service) and its lifetime.
        if (result.SecurityToken is JsonWebToken jwt && jwt.Audiences.ToArray() is [var audience])
        {
            if (_passed.Count >= MaxRemembered)
            {
                _passed.Clear();
            }

            _passed[token] = new Passed(identity, audience, jwt.ValidFrom == DateTime.MinValue ? null : jwt.ValidFrom, jwt.ValidTo);
        }

        return new(identity, null);
    }

    private sealed record Passed(InternalIdentity Identity, string Audience, DateTime? NotBefore, DateTime Expires);

    private static string? Claim(IDictionary<string, object> claims, string name) =>
        claims.TryGetValue(name, out var value) ? value as string : null;

    // Our own check so the lifetime follows the injected TimeProvider (tests move time; services share one clock source).
    private bool IsWithinLifetime(DateTime? notBefore, DateTime? expires)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return expires is { } until && now < until + _clockSkew && (notBefore is not { } from || now + _clockSkew >= from);
    }
}
