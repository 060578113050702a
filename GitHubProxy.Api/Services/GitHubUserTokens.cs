using System.Collections.Concurrent;
using System.Net;
using ActionsDashboard.Identity;
using ActionsDashboard.Identity.Sessions;

namespace GitHubProxy.Api.Services;

/// <summary>
/// The user's GitHub token from Auth.Api (<c>POST /internal/github-token</c>), kept in this process's memory only (never
/// Redis, never a log) for a minute at most, per session, so a burst of requests asks Auth.Api once. Expired entries are
/// swept out at most a minute after they expire, whether or not their session asks again.
/// </summary>
public sealed class GitHubUserTokens(IHttpClientFactory httpClientFactory, TimeProvider time)
{
    /// <summary>The named client (BaseAddress <c>http://auth-api</c>, <c>Internal:ApiKey</c> added by its handler).</summary>
    public const string HttpClientName = "auth-api";
    private static readonly TimeSpan MaxMemoryLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<(string Token, DateTimeOffset Until)>>> _tokens = new();
    private long _nextSweepTicks;

    /// <summary>How many sessions' tokens are held in memory now.</summary>
    public int Count => _tokens.Count;

    public async Task<string> GetAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        SweepExpired();
        while (true)
        {
            var lazy = _tokens.GetOrAdd(user.SessionHash, _ => new Lazy<Task<(string, DateTimeOffset)>>(() => FetchAsync(user)));
            (string Token, DateTimeOffset Until) entry;
            try
            {
                entry = await lazy.Value.WaitAsync(cancellationToken);
            }
            catch
            {
                _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<(string, DateTimeOffset)>>>(user.SessionHash, lazy));
                throw;
            }

            if (entry.Until > time.GetUtcNow())
            {
                return entry.Token;
            }

            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<(string, DateTimeOffset)>>>(user.SessionHash, lazy));
        }
    }

    /// <summary>Once per <see cref="MaxMemoryLifetime"/>, drops every token past its time, so ended sessions leave memory.</summary>
    private void SweepExpired()
    {
        var now = time.GetUtcNow();
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + MaxMemoryLifetime).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var entry in _tokens)
        {
            if (entry.Value.IsValueCreated && entry.Value.Value.IsCompletedSuccessfully && entry.Value.Value.Result.Until <= now)
            {
                _tokens.TryRemove(entry);
            }
        }
    }

    private async Task<(string, DateTimeOffset)> FetchAsync(CurrentUser user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/github-token");
        request.Headers.Add(InternalIdentityDefaults.HeaderName, user.IdentityToken);
        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        var http = httpClientFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException)
        {
            throw new UserTokenUnavailableException(HttpStatusCode.ServiceUnavailable,
                "The sign-in service could not be reached just now. Try again in a minute.");
        }

        using var _ = response;
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new UserTokenUnavailableException(HttpStatusCode.Unauthorized, "Your session has ended. Sign in again.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new UserTokenUnavailableException(HttpStatusCode.ServiceUnavailable,
                "Your GitHub sign-in could not be refreshed just now. Try again in a minute.");
        }

        var body = await response.Content.ReadFromJsonAsync<GitHubAccessTokenResponse>()
            ?? throw new UserTokenUnavailableException(HttpStatusCode.ServiceUnavailable, "The sign-in service gave no GitHub token.");
        var until = time.GetUtcNow() + MaxMemoryLifetime;
        if (body.ExpiresAt is { } expiresAt && expiresAt - TimeSpan.FromSeconds(30) < until)
        {
            until = expiresAt - TimeSpan.FromSeconds(30);
        }

        return (body.AccessToken, until);
    }
}
