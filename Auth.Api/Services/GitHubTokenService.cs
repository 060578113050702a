using System.Security.Cryptography;
using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.IntegrationEvents;
using Auth.Api.Infrastructure;
using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

/// <summary>
/// Hands out a session's GitHub access token, refreshing it first when it expires within
/// <see cref="AuthOptions.TokenRefreshMargin"/>. GitHub App user tokens last 8 hours and each refresh replaces both the
/// access and the refresh token, so two refreshes of one session must never race: the refresh runs under a row lock
/// (<c>SELECT ... FOR UPDATE</c>), which also holds across replicas, and whoever waited re-reads the new tokens.
/// https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens
/// </summary>
public sealed partial class GitHubTokenService(
    AuthDbContext db,
    SessionStore sessions,
    TokenProtector protector,
    GitHubOAuthClient oauth,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<GitHubTokenService> logger)
{
    private readonly AuthOptions _options = options.Value;

    public async Task<GitHubTokenResult> GetAccessTokenAsync(string sessionHash, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.IdHash == sessionHash, cancellationToken);
        var now = time.GetUtcNow();
        if (session is null)
        {
            return new(GitHubTokenStatus.NoSession);
        }

        if (now >= session.ExpiresAt)
        {
            await sessions.EndAsync(sessionHash, SessionEndReasons.Expired, cancellationToken);
            return new(GitHubTokenStatus.NoSession);
        }

        try
        {
            return NeedsRefresh(session, now) ? await RefreshAsync(sessionHash, cancellationToken) : Current(session);
        }
        catch (CryptographicException exception)
        {
            // The key that sealed these tokens is gone from configuration (or the row was tampered with): unusable.
            LogUnsealFailed(logger, exception, session.UserId, session.TokenKeyId);
            await sessions.EndAsync(sessionHash, SessionEndReasons.RefreshFailed, cancellationToken);
            return new(GitHubTokenStatus.SessionEnded);
        }
    }

    private async Task<GitHubTokenResult> RefreshAsync(string sessionHash, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = (await db.Sessions
            .FromSql($"SELECT * FROM sessions WHERE id_hash = {sessionHash} FOR UPDATE")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var now = time.GetUtcNow();
        if (locked is null)
        {
            return new(GitHubTokenStatus.NoSession);
        }

        if (!NeedsRefresh(locked, now))
        {
            // Another request refreshed while this one waited for the lock.
            await transaction.CommitAsync(cancellationToken);
            return Current(locked);
        }

        if (locked.RefreshTokenCiphertext is null || locked.RefreshTokenExpiresAt <= now)
        {
            await EndLockedAsync(locked, transaction, cancellationToken);
            LogRefreshImpossible(logger, locked.UserId);
            return new(GitHubTokenStatus.SessionEnded);
        }

        GitHubOAuthToken refreshed;
        try
        {
            var refreshToken = protector.Unprotect(locked.RefreshTokenCiphertext, locked.TokenKeyId, TokenProtector.RefreshTokenPurpose(sessionHash));
            refreshed = await oauth.RefreshTokenAsync(refreshToken, cancellationToken);
        }
        catch (GitHubOAuthException exception)
        {
            // GitHub answered and said no: the grant is revoked or spent, so only a new sign-in helps.
            await EndLockedAsync(locked, transaction, cancellationToken);
            LogRefreshRefused(logger, locked.UserId, exception.Error);
            return new(GitHubTokenStatus.SessionEnded);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await transaction.RollbackAsync(cancellationToken);
            LogRefreshFailed(logger, exception, locked.UserId);
            return locked.AccessTokenExpiresAt > now ? Current(locked) : new(GitHubTokenStatus.Unavailable);
        }

        var previousKeyId = locked.TokenKeyId;
        locked.TokenKeyId = protector.ActiveKeyId;
        locked.AccessTokenCiphertext = protector.Protect(refreshed.AccessToken, TokenProtector.AccessTokenPurpose(sessionHash));
        locked.AccessTokenExpiresAt = refreshed.ExpiresAt;
        // GitHub returns a new refresh token with every refresh; keep the old one only if it did not (non-expiring setups).
        if (refreshed.RefreshToken is { } newRefreshToken)
        {
            locked.RefreshTokenCiphertext = protector.Protect(newRefreshToken, TokenProtector.RefreshTokenPurpose(sessionHash));
            locked.RefreshTokenExpiresAt = refreshed.RefreshTokenExpiresAt;
        }
        else if (locked.RefreshTokenCiphertext is { } oldRefresh)
        {
            locked.RefreshTokenCiphertext = protector.Protect(
                protector.Unprotect(oldRefresh, previousKeyId, TokenProtector.RefreshTokenPurpose(sessionHash)),
                TokenProtector.RefreshTokenPurpose(sessionHash));
        }

        locked.TokensRefreshedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRefreshed(logger, locked.UserId);
        return new(GitHubTokenStatus.Ok, refreshed.AccessToken, refreshed.ExpiresAt);
    }

    private async Task EndLockedAsync(Session locked, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        db.Sessions.Remove(locked);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await sessions.EndAsync(locked.IdHash, SessionEndReasons.RefreshFailed, cancellationToken, locked.UserId);
    }

    private bool NeedsRefresh(Session session, DateTimeOffset now) =>
        session.AccessTokenExpiresAt is { } expiresAt && expiresAt - _options.TokenRefreshMargin <= now;

    private GitHubTokenResult Current(Session session) =>
        new(GitHubTokenStatus.Ok,
            protector.Unprotect(session.AccessTokenCiphertext, session.TokenKeyId, TokenProtector.AccessTokenPurpose(session.IdHash)),
            session.AccessTokenExpiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the GitHub token of user {UserId}.")]
    private static partial void LogRefreshed(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub refused to refresh the token of user {UserId} ({Error}); the session was ended.")]
    private static partial void LogRefreshRefused(ILogger logger, long userId, GitHubOAuthError error);

    [LoggerMessage(Level = LogLevel.Information, Message = "The GitHub token of user {UserId} expired with no usable refresh token; the session was ended.")]
    private static partial void LogRefreshImpossible(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the GitHub token of user {UserId} failed; will try again on the next request.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception, long userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The GitHub tokens of user {UserId} cannot be opened with token key '{KeyId}'; the session was ended.")]
    private static partial void LogUnsealFailed(ILogger logger, Exception exception, long userId, string keyId);
}
