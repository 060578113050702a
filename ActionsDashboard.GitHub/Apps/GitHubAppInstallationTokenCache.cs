using System.Collections.Concurrent;
using ActionsDashboard.GitHub.Rest;

namespace ActionsDashboard.GitHub.Apps;

/// <summary>
/// Installation access tokens, minted with the app JWT and reused until shortly before they expire (GitHub
/// issues them for one hour). At most one request per installation is in flight at a time.
/// </summary>
/// <remarks>https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/authenticating-as-a-github-app-installation</remarks>
public sealed class GitHubAppInstallationTokenCache
{
    /// <summary>A token is replaced this long before its <c>expires_at</c>, so a request never starts with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(5);

    private readonly Func<GitHubRestClient> _client;
    private readonly GitHubAppJwtFactory _jwt;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, InstallationAccessToken> _tokens = new();
    private readonly ConcurrentDictionary<long, SemaphoreSlim> _fetchLocks = new();

    /// <param name="client">Gives the REST client to call GitHub with (resolved per fetch so HttpClient handlers can rotate).</param>
    public GitHubAppInstallationTokenCache(Func<GitHubRestClient> client, GitHubAppJwtFactory jwt, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(jwt);
        _client = client;
        _jwt = jwt;
        _time = timeProvider ?? TimeProvider.System;
    }

    public async Task<InstallationAccessToken> GetTokenAsync(long installationId, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(installationId);
        if (TryGetFresh(installationId, out var cached))
        {
            return cached;
        }

        var fetchLock = _fetchLocks.GetOrAdd(installationId, _ => new SemaphoreSlim(1, 1));
        await fetchLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever held the lock before may have fetched it already.
            if (TryGetFresh(installationId, out cached))
            {
                return cached;
            }
            var token = await _client().CreateInstallationAccessTokenAsync(installationId, _jwt.CreateToken(), cancellationToken).ConfigureAwait(false);
            _tokens[installationId] = token;
            return token;
        }
        finally
        {
            fetchLock.Release();
        }
    }

    /// <summary>A token provider for <see cref="GitHubRestClient.WithTokenProvider"/> that acts as the installation.</summary>
    public GitHubTokenProvider ForInstallation(long installationId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(installationId);
        return async cancellationToken => (await GetTokenAsync(installationId, cancellationToken).ConfigureAwait(false)).Token;
    }

    /// <summary>Drops a cached token, e.g. after GitHub answered 401 with it (the installation was suspended or removed).</summary>
    public void Invalidate(long installationId) => _tokens.TryRemove(installationId, out _);

    private bool TryGetFresh(long installationId, out InstallationAccessToken token)
    {
        if (_tokens.TryGetValue(installationId, out token!) && _time.GetUtcNow() < token.ExpiresAt - RefreshBeforeExpiry)
        {
            return true;
        }
        token = null!;
        return false;
    }
}
