using Auth.Api.Model;

namespace Auth.Api.Infrastructure;

/// <summary>Session snapshots in Redis, so resolving a session costs no database round trip.</summary>
public interface ISessionSnapshotCache
{
    Task<SessionSnapshot?> GetAsync(string sessionHash);

    Task SetAsync(SessionSnapshot snapshot, TimeSpan timeToLive);

    Task RemoveAsync(string sessionHash);
}
