using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace GitHub.Simulator.Services;

/// <summary>
/// OAuth codes, user tokens (<c>ghu_</c>), refresh tokens (<c>ghr_</c>) and installation tokens (<c>ghs_</c>), in
/// memory. Tokens are only ever compared here; logs and the control API see <see cref="TokenId"/>.
/// </summary>
public sealed class TokenStore(IOptionsMonitor<SimulatorOptions> options, TimeProvider time)
{
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock _sync = new();
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AccessGrant> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InstallationToken> _installationTokens = new(StringComparer.Ordinal);

    private sealed class AccessGrant(string login, DateTimeOffset expiresAt, string refreshToken)
    {
        public string Login { get; } = login;
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;
        public string RefreshToken { get; } = refreshToken;
    }

    private sealed record RefreshGrant(string Login, DateTimeOffset ExpiresAt, string AccessToken);

    /// <summary>A short, stable, non-reversible name for a token: its kind and 12 hex characters of its SHA-256.</summary>
    public static string TokenId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var underscore = token.IndexOf('_', StringComparison.Ordinal);
        var kind = underscore is > 0 and <= 4 ? token[..underscore] : "token";
        return $"{kind}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12]}";
    }

    public string IssueCode(string login, string clientId, string redirectUri, string? codeChallenge)
    {
        var code = RandomNumberGenerator.GetHexString(20, lowercase: true);
        lock (_sync)
        {
            var now = time.GetUtcNow();
            foreach (var expired in _codes.Where(pair => pair.Value.ExpiresAt <= now).Select(pair => pair.Key).ToList())
            {
                _codes.Remove(expired);
            }
            _codes[code] = new AuthorizationCode(login, clientId, redirectUri, codeChallenge, now + options.CurrentValue.OAuth.CodeLifetime);
        }
        return code;
    }

    /// <summary>Removes the code: it works once, whatever the exchange's outcome. Null when unknown or expired.</summary>
    public AuthorizationCode? TakeCode(string code)
    {
        lock (_sync)
        {
            if (!_codes.Remove(code, out var found))
            {
                return null;
            }
            return found.ExpiresAt > time.GetUtcNow() ? found : null;
        }
    }

    public UserTokenPair IssueUserTokens(string login)
    {
        lock (_sync)
        {
            return IssueLocked(login);
        }
    }

    /// <summary>Replaces both tokens: the old refresh token and the old access token stop working. Null when the refresh token is bad.</summary>
    public (UserTokenPair Tokens, string Login)? Refresh(string refreshToken)
    {
        lock (_sync)
        {
            if (!_refreshTokens.Remove(refreshToken, out var grant))
            {
                return null;
            }
            _accessTokens.Remove(grant.AccessToken);
            if (grant.ExpiresAt <= time.GetUtcNow())
            {
                return null;
            }
            return (IssueLocked(grant.Login), grant.Login);
        }
    }

    /// <summary>The login behind a live user token; null when it is unknown or expired.</summary>
    public string? FindUser(string accessToken)
    {
        lock (_sync)
        {
            return _accessTokens.TryGetValue(accessToken, out var grant) && grant.ExpiresAt > time.GetUtcNow() ? grant.Login : null;
        }
    }

    /// <summary>Makes every user access token expire now (refresh tokens keep working), to exercise refresh.</summary>
    public int ExpireAllUserTokens()
    {
        lock (_sync)
        {
            var now = time.GetUtcNow();
            var expired = 0;
            foreach (var grant in _accessTokens.Values.Where(g => g.ExpiresAt > now))
            {
                grant.ExpiresAt = now;
                expired++;
            }
            return expired;
        }
    }

    public InstallationToken IssueInstallationToken(long installationId)
    {
        var token = new InstallationToken("ghs_" + RandomNumberGenerator.GetString(TokenAlphabet, 36), installationId,
            time.GetUtcNow() + options.CurrentValue.App.InstallationTokenLifetime);
        lock (_sync)
        {
            _installationTokens[token.Token] = token;
        }
        return token;
    }

    public InstallationToken? FindInstallationToken(string token)
    {
        lock (_sync)
        {
            return _installationTokens.TryGetValue(token, out var found) && found.ExpiresAt > time.GetUtcNow() ? found : null;
        }
    }

    public (int AccessTokens, int RefreshTokens, int InstallationTokens) Counts()
    {
        lock (_sync)
        {
            var now = time.GetUtcNow();
            return (_accessTokens.Values.Count(g => g.ExpiresAt > now), _refreshTokens.Count, _installationTokens.Values.Count(t => t.ExpiresAt > now));
        }
    }

    private UserTokenPair IssueLocked(string login)
    {
        var settings = options.CurrentValue.OAuth;
        var now = time.GetUtcNow();
        // GitHub's formats: ghu_ + 36 characters, ghr_ + 76 characters.
        var access = "ghu_" + RandomNumberGenerator.GetString(TokenAlphabet, 36);
        var refresh = "ghr_" + RandomNumberGenerator.GetString(TokenAlphabet, 76);
        _accessTokens[access] = new AccessGrant(login, now + settings.AccessTokenLifetime, refresh);
        _refreshTokens[refresh] = new RefreshGrant(login, now + settings.RefreshTokenLifetime, access);
        return new UserTokenPair(access, refresh, (long)settings.AccessTokenLifetime.TotalSeconds, (long)settings.RefreshTokenLifetime.TotalSeconds);
    }
}
