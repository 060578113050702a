using ActionsDashboard.GitHub.OAuth;
using ActionsDashboard.Identity.Sessions;
using ActionsDashboard.IntegrationEvents;
using Auth.Api.Infrastructure;
using Auth.Api.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Auth.Api.Services;

/// <summary>
/// Creates, resolves and ends sessions. A resolve reads the Redis snapshot and only goes to the database on a miss or,
/// at most once per <see cref="AuthOptions.LastSeenUpdateInterval"/>, to record activity (which moves the idle expiry).
/// </summary>
public sealed partial class SessionStore(
    AuthDbContext db,
    ISessionSnapshotCache cache,
    TokenProtector protector,
    SessionEndedPublisher endedPublisher,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<SessionStore> logger)
{
    private readonly AuthOptions _options = options.Value;

    /// <summary>A new session for <paramref name="user"/> holding <paramref name="token"/> sealed. The returned id goes
    /// into the cookie and nowhere else.</summary>
    public async Task<(string SessionId, SessionSnapshot Snapshot)> CreateAsync(User user, GitHubOAuthToken token, CancellationToken cancellationToken)
    {
        var sessionId = SessionSecrets.NewSessionId();
        var hash = SessionSecrets.Hash(sessionId);
        var now = time.GetUtcNow();
        var session = new Session
        {
            IdHash = hash,
            UserId = user.Id,
            CreatedAt = now,
            LastSeenAt = now,
            IdleExpiresAt = now + _options.IdleTimeout,
            AbsoluteExpiresAt = now + _options.AbsoluteTimeout,
            TokenKeyId = protector.ActiveKeyId,
            AccessTokenCiphertext = protector.Protect(token.AccessToken, TokenProtector.AccessTokenPurpose(hash)),
            AccessTokenExpiresAt = token.ExpiresAt,
            RefreshTokenCiphertext = token.RefreshToken is { } refresh ? protector.Protect(refresh, TokenProtector.RefreshTokenPurpose(hash)) : null,
            RefreshTokenExpiresAt = token.RefreshTokenExpiresAt,
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);

        var snapshot = SessionSnapshot.From(session, user);
        await cache.SetAsync(snapshot, TimeToLive(snapshot, now));
        LogCreated(logger, user.Id);
        return (sessionId, snapshot);
    }

    /// <summary>The live session behind a cookie value, or null (unknown, malformed, ended or expired).</summary>
    public async Task<SessionSnapshot?> ResolveAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (!SessionSecrets.IsWellFormed(sessionId))
        {
            return null;
        }

        var hash = SessionSecrets.Hash(sessionId!);
        var snapshot = await cache.GetAsync(hash);
        var fromDatabase = snapshot is null;
        if (snapshot is null)
        {
            var row = await db.Sessions.AsNoTracking().Include(s => s.User).FirstOrDefaultAsync(s => s.IdHash == hash, cancellationToken);
            if (row?.User is null)
            {
                return null;
            }

            snapshot = SessionSnapshot.From(row, row.User);
        }

        var now = time.GetUtcNow();
        if (now >= snapshot.ExpiresAt)
        {
            await EndAsync(hash, SessionEndReasons.Expired, cancellationToken);
            LogExpired(logger, snapshot.UserId, now >= snapshot.AbsoluteExpiresAt ? "absolute" : "idle");
            return null;
        }

        if (now - snapshot.LastSeenAt >= _options.LastSeenUpdateInterval)
        {
            var idleExpiresAt = now + _options.IdleTimeout;
            var updated = await db.Sessions.Where(s => s.IdHash == hash)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now).SetProperty(x => x.IdleExpiresAt, idleExpiresAt), cancellationToken);
            if (updated == 0)
            {
                // Ended elsewhere (logout on another replica, a failed refresh) while the snapshot was cached.
                await cache.RemoveAsync(hash);
                return null;
            }

            snapshot = snapshot with { LastSeenAt = now, IdleExpiresAt = idleExpiresAt };
            await cache.SetAsync(snapshot, TimeToLive(snapshot, now));
        }
        else if (fromDatabase)
        {
            await cache.SetAsync(snapshot, TimeToLive(snapshot, now));
        }

        return snapshot;
    }

    /// <summary>
    /// Deletes the session (and with it the sealed tokens) and its snapshot, and announces <see cref="SessionEnded"/> so
    /// Realtime.Hub closes the session's live connections. True when there was one. <paramref name="userId"/> is for a
    /// caller that deleted the row itself (in its own transaction) and still wants the event sent.
    /// </summary>
    public async Task<bool> EndAsync(string sessionHash, string reason, CancellationToken cancellationToken, long? userId = null)
    {
        var deletedFor = await db.Database
            .SqlQuery<long>($"DELETE FROM sessions WHERE id_hash = {sessionHash} RETURNING user_id AS \"Value\"")
            .ToListAsync(cancellationToken);
        await cache.RemoveAsync(sessionHash);
        if ((deletedFor.Count > 0 ? deletedFor[0] : userId) is { } endedFor)
        {
            await endedPublisher.PublishAsync(sessionHash, endedFor, reason);
        }

        return deletedFor.Count > 0;
    }

    private TimeSpan TimeToLive(SessionSnapshot snapshot, DateTimeOffset now)
    {
        var remaining = snapshot.ExpiresAt - now;
        return remaining < _options.IdleTimeout ? remaining : _options.IdleTimeout;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session created for GitHub user {UserId}.")]
    private static partial void LogCreated(ILogger logger, long userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session of GitHub user {UserId} reached its {Kind} expiry and was ended.")]
    private static partial void LogExpired(ILogger logger, long userId, string kind);
}
